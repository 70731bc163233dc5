import { AtlasError } from './errors/atlas-error.js';
import { registerSecret } from './errors/redact.js';

export interface ApiKeySources {
  /** The provider id, for the error message. */
  readonly provider: string;
  /** Per-call key (CallContext.apiKey): wins. */
  readonly callKey?: string | undefined;
  /** The key given to the provider's factory. */
  readonly settingsKey?: string | undefined;
  /** The environment variable to read, at call time (never at import). */
  readonly envVar: string;
}

/** Reads an environment variable where one exists (Node, Bun, Deno with --allow-env) without importing node:. */
export function readEnv(name: string): string | undefined {
  try {
    const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
    return nonEmpty(env?.[name]);
  } catch {
    // Deno without --allow-env throws on access: treat it like an unset variable.
    return undefined;
  }
}

/**
 * The API key for a call, first hit wins: per call, then the provider's settings, then the
 * environment variable. A missing key fails here, before any request, naming all three ways.
 * The key is registered for redaction so it can never leak into an error or a log.
 */
export function resolveApiKey(sources: ApiKeySources): string {
  const key = nonEmpty(sources.callKey) ?? nonEmpty(sources.settingsKey) ?? readEnv(sources.envVar);
  if (key === undefined) {
    throw new AtlasError({
      kind: 'unauthorized',
      provider: sources.provider,
      message:
        `No API key for ${sources.provider}. Pass { apiKey } on the call, set apiKey in the provider's ` +
        `settings, or set the ${sources.envVar} environment variable.`,
    });
  }
  registerSecret(key);
  return key;
}

/** Blank counts as unset; surrounding whitespace (a newline pasted from a file) would break the header. */
function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = typeof value === 'string' ? value.trim() : undefined;
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
