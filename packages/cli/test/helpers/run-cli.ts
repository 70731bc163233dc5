import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin.js');

/** An empty HOME, so no developer's ~/.config/atlas/config.json leaks into a test. */
const HOME = mkdtempSync(join(tmpdir(), 'atlas-cli-test-home-'));

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  /** Added to a minimal environment with no provider keys and no config. */
  readonly env?: Record<string, string>;
  readonly stdin?: string;
  /** Node flags before the CLI's path (`--import` a test fixture). */
  readonly nodeArgs?: readonly string[];
}

/** The environment every run starts from: PATH and HOME only, no keys, no colours. */
export function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '', HOME, NO_COLOR: '1', ...extra };
}

export function startCli(
  args: readonly string[],
  options: RunOptions = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    env: baseEnv(options.env),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  child.stdin?.end(options.stdin ?? '');
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  return startCli(args, options).done;
}

/**
 * Resolves once the child's stream contains `text` (e.g. the first progress line of a wait);
 * rejects if the child exits first, so a broken command fails the test instead of hanging it.
 */
export function waitForOutput(
  child: ChildProcess,
  text: string,
  stream: 'stdout' | 'stderr' = 'stderr',
): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const source = child[stream];
    const onExit = (code: number | null) =>
      reject(new Error(`exited with ${code} before printing "${text}"; ${stream}: ${seen}`));
    const onData = (d: Buffer | string) => {
      seen += d.toString();
      if (seen.includes(text)) {
        source?.off('data', onData);
        child.off('exit', onExit);
        resolve();
      }
    };
    source?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Replaces volatile values (ids, ports, timestamps) with fixed text of the same width, so tables keep their shape. */
export function stable(text: string, replacements: Readonly<Record<string, string>> = {}): string {
  let out = text;
  for (const [from, label] of Object.entries(replacements)) {
    out = out.split(from).join(label.padEnd(from.length, '_').slice(0, Math.max(label.length, from.length)));
  }
  return out
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
}

/** The first line the child prints on stdout (a `--json` server's one line); rejects if it exits first. */
export function firstStdoutLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (d: Buffer | string) => {
      stdout += d.toString();
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stdout}`)));
  });
}
