import { signalsOf, withSignals } from './provider/call-scope.js';
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
 * createAtlas (either one aborts the call). They are linked only while a call runs (see
 * openCallScope), so a long-lived signal does not collect one dependent per call.
 */
export function mergeContexts(...contexts: readonly (CallContext | undefined)[]): CallContext {
  const merged: Writable<CallContext> = {};
  const signals: AbortSignal[] = [];
  for (const context of contexts) {
    if (context === undefined) continue;
    for (const signal of signalsOf(context)) if (!signals.includes(signal)) signals.push(signal);
    for (const [key, value] of Object.entries(context)) {
      if (value === undefined || key === 'provider' || key === 'signal') continue;
      Object.assign(merged, { [key]: value });
    }
  }
  return withSignals(merged, signals);
}
