import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, baseEnv, type CliResult } from './run-cli.js';

const quote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

/**
 * Runs the built CLI on a pseudo-terminal, through util-linux `script` (present wherever Linux
 * CI runs), so stdin/stdout/stderr are TTYs: the spinner, colours and the `rm` question. What the
 * test writes to `child.stdin` arrives as typed keys (`\x03` is Ctrl-C, `\x04` Ctrl-D); the
 * terminal merges stdout and stderr into `stdout`. `script -e` exits with the CLI's exit code.
 * Colours are on (no NO_COLOR) unless `env` sets it.
 */
export function startInTerminal(
  args: readonly string[],
  env: Record<string, string> = {},
): { child: ChildProcess; done: Promise<CliResult> } {
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  // A terminal as people have it: colours on unless the test sets NO_COLOR itself.
  const terminalEnv: NodeJS.ProcessEnv = { ...baseEnv(), TERM: 'xterm-256color' };
  delete terminalEnv.NO_COLOR;
  const child = spawn('script', ['-qfec', command, '/dev/null'], {
    env: { ...terminalEnv, ...env },
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
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}
