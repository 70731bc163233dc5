import { isAtlasError } from '@atlas/core';
import { redactText } from '@atlas/core/provider';
import { CommanderError } from 'commander';
import { EXIT, exitCodeFor, isUsageError } from '../errors.js';
import type { Session } from '../session.js';

/** What an error kind usually means for someone at a terminal. */
const HINTS: Partial<Record<string, string>> = {
  unauthorized: 'Check the API key (--api-key, the provider env var, or the config file).',
  forbidden: 'The key is valid but may not do this.',
  capacity: 'No stock for that GPU right now: try another --gpu, --region or --cloud, or later.',
  rate_limited: 'The provider is rate limiting: wait a little and retry.',
  transport: 'The provider could not be reached: check the network or --base-url.',
  unsupported: 'This provider does not offer that operation.',
};

/** The body of `{"error": ...}` under --json. */
export function errorJson(error: unknown): unknown {
  if (isAtlasError(error)) return error.toJSON();
  return {
    kind: isUsageError(error) ? 'usage' : 'unknown',
    message: redactText(String((error as Error)?.message ?? error)),
  };
}

/** commander's message without its `error: ` prefix; a bare `atlas` or `atlas job` (help printed instead) says so. */
function commanderMessage(error: CommanderError): string {
  if (error.code === 'commander.help')
    return 'no command given: the commands are listed on stderr (or run with --help).';
  return error.message.replace(/^error: /, '');
}

/** Prints what went wrong (and, with --json, a JSON error on stdout) and returns the exit code. */
export function reportError(error: unknown, aborted: boolean, session: Session | undefined, json: boolean): number {
  const commander = error instanceof CommanderError;
  if (commander && (error.code === 'commander.helpDisplayed' || error.code === 'commander.version')) return EXIT.ok;
  if (json && !aborted) {
    const body = commander ? { kind: 'usage', message: commanderMessage(error) } : errorJson(error);
    // Without a session the command never started (a bad flag): nothing is on stdout yet.
    if (session === undefined) process.stdout.write(`${JSON.stringify({ error: body }, null, 2)}\n`);
    else session.out.errorData(body);
  }
  // commander has already printed its message (unknown command or option, bad choice, ...) on stderr.
  if (commander) return EXIT.usage;
  const code = exitCodeFor(error, aborted);
  const write = (text: string) => process.stderr.write(`${text}\n`);
  if (aborted) {
    write('atlas: aborted (Ctrl-C); requests in flight were cancelled.');
  } else if (isUsageError(error)) {
    write(`atlas: ${error.message}`);
  } else if (isAtlasError(error)) {
    write(
      `atlas: ${error.kind} error from ${error.provider}${error.status === undefined ? '' : ` (HTTP ${error.status})`}: ${error.message}`,
    );
    for (const issue of error.issues) write(`  - ${issue.path === undefined ? '' : `${issue.path}: `}${issue.message}`);
    const hint = HINTS[error.kind];
    if (hint !== undefined) write(`  ${hint}`);
  } else {
    write(
      `atlas: unexpected error: ${redactText(error instanceof Error ? (error.stack ?? error.message) : String(error))}`,
    );
  }
  return code;
}
