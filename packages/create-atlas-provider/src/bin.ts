#!/usr/bin/env node
import { createInterface, type Interface } from 'node:readline/promises';
import { main } from './main.js';

// Questions only in a terminal: in CI and scripts, flags and defaults answer them.
const terminal = process.stdin.isTTY === true && process.stdout.isTTY === true;
const prompt = terminal ? createInterface({ input: process.stdin, output: process.stdout }) : undefined;
// Ctrl+C while asking: nothing is written before the last answer, so there is nothing to undo.
prompt?.on('SIGINT', () => {
  console.error('\nCancelled. Nothing was written.');
  process.exit(130);
});

// One line iterator for every question: lines typed (or pasted) ahead of a question are kept, not lost.
const lines = prompt?.[Symbol.asyncIterator]();

async function askLine(rl: Interface, question: string): Promise<string> {
  rl.setPrompt(question);
  rl.prompt();
  const next = await lines!.next();
  if (next.done) throw new Error('no answer: the input ended. Nothing was written.');
  return next.value;
}

try {
  process.exitCode = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    out: (line) => console.log(line),
    err: (line) => console.error(line),
    ...(prompt === undefined ? {} : { ask: (question: string) => askLine(prompt, question) }),
  });
} catch (error) {
  // A failed write (permissions, a full disk): generateProvider already removed what it wrote.
  console.error(`create-provider: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  prompt?.close();
}
