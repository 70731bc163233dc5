/** Exit codes, as documented in docs/cli.md. */
export const EXIT = { ok: 0, provider: 1, usage: 2, aborted: 130 } as const;

/**
 * A mistake in how the command was called (a flag, a value, a missing key): exit 2, and the
 * message says which flag and what is allowed. Thrown by the CLI itself, never by a provider.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(
    message: string,
    /**
     * Fixed advice written by the CLI itself (an example config entry with a `<your-key>` placeholder).
     * Printed as is, apart from the message, which is redacted: the message may quote what the user typed.
     */
    readonly hint?: string,
  ) {
    super(message);
  }
}

export function isUsageError(value: unknown): value is UsageError {
  return value instanceof UsageError;
}

/** The exit code an error thrown by a command means (anything unexpected counts as a failure, 1). */
export function exitCodeFor(error: unknown, aborted: boolean): number {
  if (aborted) return EXIT.aborted;
  return isUsageError(error) ? EXIT.usage : EXIT.provider;
}
