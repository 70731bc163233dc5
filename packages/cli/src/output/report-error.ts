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

/** The provider name of errors from a session store (`atlas dashboard --store`): not a cloud. */
export const STORE = 'store';
const STORE_HINT = 'The store could not be read: check --store, and that the database is up and reachable.';

/** The body of `{"error": ...}` under --json; an AtlasError's `details` (possiblyCreated, lookFor) included. */
export function errorJson(error: unknown): unknown {
  if (isAtlasError(error)) return error.toJSON();
  return {
    kind: isUsageError(error) ? 'usage' : 'unknown',
    message: redactText(String((error as Error)?.message ?? error)),
    ...(isUsageError(error) && error.hint !== undefined ? { hint: error.hint } : {}),
  };
}

/** A name as a shell word: bare when it is plain, else single-quoted. */
function shellWord(text: string): string {
  return /^[\w.@%+=:,/-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * A create whose outcome is unknown (a timeout, a reset, a 5xx, Ctrl-C while it was in flight) may
 * have rented a machine that bills. The provider says so in `details`, with the name to look for;
 * tell the user how to find it. Without a name (a job, say) only say that the outcome is unknown.
 */
function possiblyCreatedNote(error: unknown): string | undefined {
  if (!isAtlasError(error) || error.details?.possiblyCreated !== true) return undefined;
  const lookFor = error.details.lookFor as { name?: unknown } | undefined;
  const p = error.provider;
  if (typeof lookFor?.name !== 'string' || lookFor.name === '') {
    return `atlas: ${p} may have carried out this request before it failed (its outcome is unknown): check before you retry.`;
  }
  return (
    `atlas: a machine may have been created on ${p} (the create got no clear answer); ` +
    `find it with \`atlas ls --provider ${p} --name ${shellWord(lookFor.name)}\` ` +
    `and remove it with \`atlas rm <id> --provider ${p} --yes\`.`
  );
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
  const maybeCreated = possiblyCreatedNote(error);
  // After Ctrl-C nothing is printed as JSON, unless a machine may exist: a script must learn that too.
  if (json && (!aborted || maybeCreated !== undefined)) {
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
    write(
      maybeCreated === undefined
        ? 'atlas: aborted (Ctrl-C); requests in flight were cancelled.'
        : 'atlas: aborted (Ctrl-C); requests in flight were cancelled, but a create may already have reached the provider.',
    );
  } else if (isUsageError(error)) {
    // Redacted as under --json: the message may quote what the user typed (a URL with a token).
    write(`atlas: ${redactText(error.message)}`);
    if (error.hint !== undefined) write(`  ${error.hint}`);
  } else if (isAtlasError(error)) {
    write(
      `atlas: ${error.kind} error from ${error.provider}${error.status === undefined ? '' : ` (HTTP ${error.status})`}: ${error.message}`,
    );
    for (const issue of error.issues) write(`  - ${issue.path === undefined ? '' : `${issue.path}: `}${issue.message}`);
    const hint = error.provider === STORE ? STORE_HINT : HINTS[error.kind];
    if (hint !== undefined) write(`  ${hint}`);
  } else {
    write(
      `atlas: unexpected error: ${redactText(error instanceof Error ? (error.stack ?? error.message) : String(error))}`,
    );
  }
  if (maybeCreated !== undefined) write(maybeCreated);
  return code;
}
