import { holdSecrets } from '@atlas/core/provider';

/**
 * The secrets of this process's live sessions (env values, bearer token), held in core's redaction
 * registry for as long as the session lives: however many sessions start meanwhile, an error or
 * event about this one never shows them. Released when the session ends, so that a process serving
 * 100,000 sessions holds only the live ones. A session adopted from the store gets its secrets
 * from its record (sealed, with a secretsKey) and from its provider, on the first read of its
 * compute (adopted-secrets.ts).
 */
export class SessionSecrets {
  readonly #releases = new Map<string, Array<() => void>>();
  /** Sessions held only in part: an adopted one's sealed secrets, before its compute was read. */
  readonly #partial = new Set<string>();

  hold(sessionId: string, secrets: Iterable<string | undefined>): void {
    this.#add(sessionId, secrets);
    this.#partial.delete(sessionId);
  }

  /** Holds some of a session's secrets; `has` stays false until `hold` brings the rest. */
  holdPart(sessionId: string, secrets: Iterable<string | undefined>): void {
    if (this.has(sessionId)) return;
    this.#add(sessionId, secrets);
    this.#partial.add(sessionId);
  }

  #add(sessionId: string, secrets: Iterable<string | undefined>): void {
    const release = holdSecrets(secrets);
    const list = this.#releases.get(sessionId);
    if (list === undefined) this.#releases.set(sessionId, [release]);
    else list.push(release);
  }

  /** Whether the session's secrets are held (an empty hold counts: its provider declared nothing). */
  has(sessionId: string): boolean {
    return this.#releases.has(sessionId) && !this.#partial.has(sessionId);
  }

  release(sessionId: string): void {
    const list = this.#releases.get(sessionId);
    this.#partial.delete(sessionId);
    if (list === undefined) return;
    this.#releases.delete(sessionId);
    for (const release of list) release();
  }

  /** Sessions with secrets held, to release those another instance ended. */
  ids(): string[] {
    return [...this.#releases.keys()];
  }

  releaseAll(): void {
    for (const id of this.ids()) this.release(id);
  }
}

/** The values of a spawn request that are secrets: every env value, in `env` and in `providerOptions.env`. */
export function requestSecrets(request: { readonly env?: unknown; readonly providerOptions?: unknown }): string[] {
  const nested = (request.providerOptions as { env?: unknown } | undefined)?.env;
  return [...envValues(request.env), ...envValues(nested)];
}

function envValues(env: unknown): string[] {
  if (typeof env !== 'object' || env === null) return [];
  return Object.values(env).filter((value): value is string => typeof value === 'string');
}
