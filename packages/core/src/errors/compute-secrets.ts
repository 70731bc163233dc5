/**
 * The secret values a provider read in a machine's native body (its env values, the bearer token
 * injected into it, a Jupyter token), attached to the Compute it translated that body into.
 *
 * Why: redaction only removes what this process knows. A process that spawned a machine knows its
 * env values from the request; one that only reads it (an orchestrator adopting a session from its
 * store after a restart, or taking over a dead instance's sessions) never saw them, and the store
 * keeps none. Only the provider knows where a machine's env lives in its cloud's body, so its
 * translation declares what it read (`declareSecrets`), the boundary registers what a getCompute or
 * spawnCompute returns, and an app that must keep them redacted for a machine's life holds them
 * (`computeSecrets` then `holdSecrets`).
 *
 * Kept in a WeakMap keyed by the Compute, never on it: no field to spread, serialise, compare or
 * print, and nothing kept once the Compute is garbage. A copy (`{ ...compute }`) has none: declare
 * again on the copy. The map lives on globalThis (like the secret registry) so that a provider built
 * on one copy of core and an app on another still meet.
 */

import { MIN_SECRET_LENGTH } from './secret-registry.js';

/** What a translation declares: read on first ask, so a list of thousands of machines costs a closure each. */
type Reader = () => Iterable<unknown>;

const DECLARED_KEY = Symbol.for('atlas.core.compute-secrets.v1');

function declared(): WeakMap<object, Reader | readonly string[]> {
  const g = globalThis as { [DECLARED_KEY]?: WeakMap<object, Reader | readonly string[]> };
  g[DECLARED_KEY] ??= new WeakMap();
  return g[DECLARED_KEY];
}

/**
 * For a provider's translation: says which values of the native body `compute` was made from are
 * secrets, by a function read at most once (later, when asked). Returns `compute` itself. Values
 * that are not strings, or shorter than redaction's minimum once trimmed, are dropped. Declaring
 * again replaces what was declared.
 *
 * @example
 * return declareSecrets(compute, () => Object.values(pod.env ?? {}));
 */
export function declareSecrets<T extends object>(compute: T, read: () => Iterable<unknown>): T {
  declared().set(compute, read);
  return compute;
}

/**
 * The secret values its provider declared for this Compute (see declareSecrets), read once and
 * remembered; empty when it declared none, or for a copy. For an app that holds them
 * (`holdSecrets`) while it works with a machine it did not spawn.
 */
export function computeSecrets(compute: unknown): readonly string[] {
  if (compute === null || typeof compute !== 'object') return NONE;
  const map = declared();
  const entry = map.get(compute);
  if (entry === undefined) return NONE;
  if (typeof entry !== 'function') return entry;
  const values = normalize(entry);
  // The reader (and the native body it closes over) is dropped once read.
  map.set(compute, values);
  return values;
}

const NONE: readonly string[] = Object.freeze([]);

function normalize(read: Reader): readonly string[] {
  const values = new Set<string>();
  for (const value of read()) {
    if (typeof value !== 'string') continue;
    const trimmed = value.trim();
    if (trimmed.length >= MIN_SECRET_LENGTH) values.add(trimmed);
  }
  return values.size === 0 ? NONE : Object.freeze([...values]);
}
