import type { CallContext } from './provider.js';

/**
 * Every CallContext field. Request objects may carry these next to their own fields
 * (`spawnCompute({ gpu, image, apiKey, signal })`); they are split off before validation.
 */
const CALL_CONTEXT_KEYS = [
  'apiKey',
  'baseUrl',
  'baseUrls',
  'signal',
  'timeoutMs',
  'fetch',
  'hooks',
  'retry',
  'idempotencyKey',
] as const satisfies readonly (keyof CallContext)[];

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Splits call options off a request object. `keep` names fields that belong to the request even
 * though CallContext has them too: a JobRequest's `timeoutMs` is the job's own limit.
 */
export function splitCallOptions(
  input: unknown,
  keep: readonly string[] = [],
): { request: unknown; context: CallContext; provider: unknown } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { request: input, context: {}, provider: undefined };
  }
  const request: Record<string, unknown> = { ...input };
  const context: Writable<CallContext> = {};
  for (const key of CALL_CONTEXT_KEYS) {
    if (keep.includes(key) || !(key in request)) continue;
    if (request[key] !== undefined) Object.assign(context, { [key]: request[key] });
    delete request[key];
  }
  const provider = request.provider;
  delete request.provider;
  return { request, context, provider };
}

/**
 * Later contexts win, field by field; undefined fields never erase earlier ones. Signals are the
 * exception: they combine, so a per-call signal does not disarm a shutdown signal given to
 * createAtlas (either one aborts the call).
 */
export function mergeContexts(...contexts: readonly (CallContext | undefined)[]): CallContext {
  const merged: Writable<CallContext> = {};
  const signals: AbortSignal[] = [];
  for (const context of contexts) {
    if (context === undefined) continue;
    for (const [key, value] of Object.entries(context)) {
      if (value === undefined || key === 'provider') continue;
      if (key === 'signal') signals.push(value as AbortSignal);
      else Object.assign(merged, { [key]: value });
    }
  }
  if (signals.length === 1) merged.signal = signals[0]!;
  else if (signals.length > 1) merged.signal = AbortSignal.any(signals);
  return merged;
}
