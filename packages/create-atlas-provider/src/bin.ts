#!/usr/bin/env node
import { createInterface } from 'node:readline/promises';
import { main } from './main.js';

// Questions only in a terminal: in CI and scripts, flags and defaults answer them.
const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
const prompt = terminal ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  out: (line) => console.log(line),
  err: (line) => console.error(line),
  ...(prompt === undefined ? {} : { ask: (question: string) => prompt.question(question) }),
}).finally(() => prompt?.close());
process.exitCode = code;
