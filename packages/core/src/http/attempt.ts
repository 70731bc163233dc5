import ky, { type Options as KyOptions, type KyResponse } from 'ky';
import { emit } from './emit.js';
import type { HttpHooks } from './events.js';

/** Everything one attempt needs; built once per request and shared by its attempts. */
export interface AttemptPlan {
  readonly provider: string;
  readonly method: string;
  readonly href: string;
  /** The redacted URL for hook events ('' when there are no hooks). */
  readonly eventUrl: string;
  /** ky copies its options, so one object serves every attempt. */
  readonly kyOptions: KyOptions;
  readonly signal: AbortSignal | undefined;
  readonly hooks: HttpHooks | undefined;
  /** Shared by the attempts of one request, for hook events. */
  readonly requestId: string;
  readonly responseType: 'json' | 'text' | 'none' | 'response';
}

export type AttemptResult =
  /** 2xx. `text` is the body, except for 'response' (left unread, for streaming) and 'none' (''). */
  | { readonly type: 'success'; readonly response: Response; readonly text: string }
  /** Non-2xx with its body text ('' when unreadable). */
  | { readonly type: 'status'; readonly response: Response; readonly text: string }
  | { readonly type: 'timeout'; readonly cause: unknown }
  | { readonly type: 'transport'; readonly cause: unknown }
  | { readonly type: 'aborted' };

/**
 * One HTTP attempt through ky, with ky's retry off (the layer above owns the policy). ky's timeout
 * bounds the wait for the headers and, through its `.text()`, the body read; a streamed
 * ('response') body is the caller's to bound. The caller's signal aborts either at once.
 */
export async function runAttempt(plan: AttemptPlan, attempt: number): Promise<AttemptResult> {
  const started = plan.hooks === undefined ? 0 : performance.now();
  const pending = ky(plan.href, plan.kyOptions);
  let response: KyResponse;
  try {
    response = await pending;
  } catch (error) {
    return failed(plan, error, attempt, started);
  }
  if (plan.hooks !== undefined) {
    const durationMs = performance.now() - started;
    emit(plan.hooks, 'onResponse', {
      provider: plan.provider,
      method: plan.method,
      url: plan.eventUrl,
      attempt,
      requestId: plan.requestId,
      status: response.status,
      durationMs,
    });
  }
  if (!response.ok) return { type: 'status', response, text: await pending.text().catch(() => '') };
  if (plan.responseType === 'response') return { type: 'success', response, text: '' };
  try {
    // Read even an ignored body, so that the connection goes back to the pool.
    const text = await pending.text();
    return { type: 'success', response, text: plan.responseType === 'none' ? '' : text };
  } catch (error) {
    return failed(plan, error, attempt, started);
  }
}

function failed(plan: AttemptPlan, error: unknown, attempt: number, started: number): AttemptResult {
  const result: AttemptResult = plan.signal?.aborted
    ? { type: 'aborted' }
    : error instanceof Error && error.name === 'TimeoutError'
      ? { type: 'timeout', cause: error }
      : { type: 'transport', cause: error };
  if (plan.hooks !== undefined) {
    emit(plan.hooks, 'onAttemptFailed', {
      provider: plan.provider,
      method: plan.method,
      url: plan.eventUrl,
      attempt,
      requestId: plan.requestId,
      reason: result.type,
      durationMs: performance.now() - started,
    });
  }
  return result;
}
