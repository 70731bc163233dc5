import { CREATE_MARKER_ENV } from './ambiguous-create.js';

/**
 * The env values of a machine's body that are secrets, for `declareSecrets`: every value but the
 * create marker (Atlas put it there to be found by a later list, not hidden) and the names in
 * `except` (others a provider wrote there to be read, like Vast's port list). Takes the env as a
 * map or as `[name, value]` pairs.
 *
 * @example
 * return declareSecrets(compute, () => envSecrets(pod.env));
 */
export function envSecrets(
  env: Readonly<Record<string, unknown>> | Iterable<readonly [string, unknown]> | null | undefined,
  except: readonly string[] = [],
): unknown[] {
  if (env === null || env === undefined) return [];
  const entries = Symbol.iterator in env ? env : Object.entries(env);
  const values: unknown[] = [];
  for (const [name, value] of entries as Iterable<readonly [string, unknown]>) {
    if (name !== CREATE_MARKER_ENV && !except.includes(name)) values.push(value);
  }
  return values;
}
