import { AtlasError, type AtlasIssue } from '../errors/atlas-error.js';

/**
 * `providerOptions` is the escape hatch for a cloud's own fields, merged into the native body the
 * provider built. Two rules keep it from undoing the contract: what the contract owns (the name,
 * the image, the GPU, the ports, the env Atlas injects) cannot be set through it, and a nested
 * object merges key by key, so `{ gpu: { allowedCudaVersions } }` adds to the GPU the request chose
 * instead of replacing it.
 */

export interface ProviderOptionsRules {
  /** The provider id, stamped on the validation error. */
  readonly provider: string;
  /**
   * Dot paths into the native body that the contract owns: `name`, `gpu.id`,
   * `env.ATLAS_PRESHARED_KEY`. Setting one, or replacing an object above one with something that
   * is not an object (`gpu: 'x'`), is refused.
   */
  readonly owned: readonly string[];
}

type PlainObject = Record<string, unknown>;

/** Keys that would reach an object's prototype instead of a field. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The problems of providerOptions against the owned paths, each named `providerOptions.<path>`;
 * empty when there are none.
 */
export function ownedOptionIssues(
  providerOptions: Readonly<PlainObject> | undefined,
  owned: readonly string[],
): AtlasIssue[] {
  if (providerOptions === undefined) return [];
  const issues: AtlasIssue[] = [];
  collectForbidden(providerOptions, 'providerOptions', issues, 0);
  for (const path of owned) {
    const hit = overridden(providerOptions, path.split('.'));
    // `gpu: 'x'` overrides both gpu.id and gpu.count: one issue.
    if (hit !== undefined && !issues.some((issue) => issue.path === `providerOptions.${hit}`)) {
      issues.push({ path: `providerOptions.${hit}`, message: `is set by Atlas (${path}) and cannot be overridden` });
    }
  }
  return issues;
}

/** Throws AtlasError `validation` naming every owned field that providerOptions tries to set. */
export function assertProviderOptions(
  providerOptions: Readonly<PlainObject> | undefined,
  rules: ProviderOptionsRules,
): void {
  const issues = ownedOptionIssues(providerOptions, rules.owned);
  if (issues.length === 0) return;
  throw new AtlasError({
    kind: 'validation',
    provider: rules.provider,
    message: `Invalid compute request: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    issues,
  });
}

/**
 * A copy of `body` with providerOptions merged in deeply: plain objects merge key by key, anything
 * else (arrays, scalars, null) replaces; an undefined value sets nothing. Neither input is changed.
 */
export function deepMergeOptions<T extends PlainObject>(
  body: T,
  providerOptions: Readonly<PlainObject> | undefined,
): T {
  if (providerOptions === undefined) return body;
  return mergeObjects(body, providerOptions) as T;
}

/** The provider's usual call: refuse owned fields (zero requests sent), then merge deeply. */
export function applyProviderOptions<T extends PlainObject>(
  body: T,
  providerOptions: Readonly<PlainObject> | undefined,
  rules: ProviderOptionsRules,
): T {
  assertProviderOptions(providerOptions, rules);
  return deepMergeOptions(body, providerOptions);
}

function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function mergeObjects(target: Readonly<PlainObject>, source: Readonly<PlainObject>): PlainObject {
  const out: PlainObject = { ...target };
  for (const [key, value] of Object.entries(source)) {
    if (FORBIDDEN_KEYS.has(key) || value === undefined) continue;
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? mergeObjects(current, value) : value;
  }
  return out;
}

/**
 * The path (within providerOptions) that would change an owned path: the owned path itself, or a
 * shorter one whose value is not an object and so would replace what is below it.
 */
function overridden(options: Readonly<PlainObject>, segments: readonly string[]): string | undefined {
  let current: unknown = options;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (!isPlainObject(current) || !Object.hasOwn(current, segment) || current[segment] === undefined) return undefined;
    current = current[segment];
    const here = segments.slice(0, i + 1).join('.');
    if (i === segments.length - 1) return here;
    if (!isPlainObject(current)) return here;
  }
  return undefined;
}

function collectForbidden(value: Readonly<PlainObject>, path: string, issues: AtlasIssue[], depth: number): void {
  if (depth > 32) return;
  for (const key of Object.keys(value)) {
    const child = value[key];
    if (FORBIDDEN_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: 'is not a field name' });
    else if (isPlainObject(child)) collectForbidden(child, `${path}.${key}`, issues, depth + 1);
  }
}
