/**
 * The registry of known secret values (API keys, minted tokens, env values) that redaction removes
 * from every text. It lives on globalThis so that duplicate copies of core share it.
 *
 * Two kinds of entries, so that redaction never forgets a secret still in use and memory stays
 * bounded however many sessions a process serves:
 * - held: someone holds it (`holdSecrets`: an orchestrator for a session's life, the HTTP layer
 *   for a call's). Counted, never evicted; the last release makes it evictable.
 * - evictable: registered (`registerSecret`) or released. At most MAX_EVICTABLE, the least
 *   recently registered going first.
 */

import { SecretIndex } from './secret-index.js';

/** Shorter values (after trimming) would redact innocent text: a 3-letter value would eat words. */
export const MIN_SECRET_LENGTH = 8;

/**
 * A registration can precede the hold that follows it (a token minted inside a spawn) by this many
 * newer secrets (each secret takes three entries: itself and its two base64 forms).
 */
const MAX_EVICTABLE = 3 * 4096;

/**
 * Versioned key: the value is this module's registry shape, shared by every copy of this version of
 * core loaded in the process (so a secret registered through one copy is redacted by the others).
 */
const REGISTRY_KEY = Symbol.for('atlas.core.secret-registry.v3');

interface SecretRegistry {
  /** Secret -> number of holds (at least 1). */
  readonly held: Map<string, number>;
  /** Secrets nobody holds, least recently registered first (a Set keeps insertion order). */
  readonly evictable: Set<string>;
  /** Every secret of both kinds, for replacement. */
  readonly index: SecretIndex;
}

function registry(): SecretRegistry {
  const g = globalThis as { [REGISTRY_KEY]?: SecretRegistry };
  g[REGISTRY_KEY] ??= { held: new Map(), evictable: new Set(), index: new SecretIndex(MIN_SECRET_LENGTH) };
  return g[REGISTRY_KEY];
}

/** The form kept: trimmed (a cloud echoes `abc`, not the `abc\n` pasted into an env), or undefined when too short. */
function normalize(secret: unknown): string | undefined {
  if (typeof secret !== 'string') return undefined;
  const trimmed = secret.trim();
  return trimmed.length < MIN_SECRET_LENGTH ? undefined : trimmed;
}

/**
 * The forms of a secret that redaction looks for: the value, and its base64 and base64url encodings
 * (a server that echoes a header or a blob often echoes it encoded).
 */
function formsOf(value: string): readonly string[] {
  // The HTTP layer holds the same key on every call: encode it once.
  const known = recentForms.get(value);
  if (known !== undefined) return known;
  const forms = encode(value);
  if (recentForms.size >= RECENT_FORMS) recentForms.delete(recentForms.keys().next().value as string);
  recentForms.set(value, forms);
  return forms;
}

const RECENT_FORMS = 256;
const recentForms = new Map<string, readonly string[]>();

function encode(value: string): string[] {
  const bytes = new TextEncoder().encode(value);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  const base64 = btoa(binary);
  const base64url = base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  return [...new Set([value, base64, base64url])];
}

/** Remember a secret value so that later redactions remove it, until newer secrets push it out (see holdSecrets). */
export function registerSecret(secret: string | undefined | null): void {
  const plain = normalize(secret);
  if (plain === undefined) return;
  const state = registry();
  for (const value of formsOf(plain)) {
    if (state.held.has(value)) continue;
    // Moved to the newest end when seen again: an API key resolved on every call outlives a flood of tokens.
    if (!state.evictable.delete(value)) state.index.add(value);
    state.evictable.add(value);
  }
  evictOverflow(state);
}

/**
 * Registers secrets and keeps them until the returned function is called: however many secrets are
 * registered meanwhile, these are redacted. Holds are counted (two holders, two releases); calling
 * the release again does nothing. Values shorter than MIN_SECRET_LENGTH are ignored. A released
 * secret is not forgotten at once: it becomes evictable, like one that was only registered.
 */
export function holdSecrets(secrets: Iterable<string | undefined | null>): () => void {
  const state = registry();
  const taken: string[] = [];
  for (const secret of secrets) {
    const plain = normalize(secret);
    if (plain === undefined) continue;
    for (const value of formsOf(plain)) take(value);
  }
  function take(value: string): void {
    const holds = state.held.get(value);
    if (holds === undefined && !state.evictable.delete(value)) state.index.add(value);
    state.held.set(value, (holds ?? 0) + 1);
    taken.push(value);
  }
  let released = taken.length === 0;
  return () => {
    if (released) return;
    released = true;
    for (const value of taken) {
      const holds = state.held.get(value) ?? 1;
      if (holds > 1) {
        state.held.set(value, holds - 1);
      } else {
        state.held.delete(value);
        state.evictable.add(value);
      }
    }
    evictOverflow(state);
  };
}

/**
 * Sizes of the registry in entries (a secret takes three: itself and its two base64 forms), for tests
 * and metrics: `held` returns to its baseline when every hold is released.
 */
export function secretRegistryStats(): {
  readonly held: number;
  readonly evictable: number;
  readonly maxEvictable: number;
} {
  const state = registry();
  return { held: state.held.size, evictable: state.evictable.size, maxEvictable: MAX_EVICTABLE };
}

function evictOverflow(state: SecretRegistry): void {
  while (state.evictable.size > MAX_EVICTABLE) {
    const oldest = state.evictable.values().next().value as string;
    state.evictable.delete(oldest);
    state.index.remove(oldest);
  }
}

/** `text` with every registered secret replaced by `replacement`, the longest where two start at one place. */
export function replaceSecrets(text: string, replacement: string): string {
  return registry().index.replaceAll(text, replacement);
}
