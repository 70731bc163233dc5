import ky, { type Options as KyOptions } from 'ky';
import type { HttpHooks } from './events.js';
import { emit } from './emit.js';

/** Everything one attempt needs; built once per request and shared by its attempts. */
export interface AttemptPlan {
  readonly provider: string;
  readonly method: string;
  readonly href: string;
  /** The redacted URL for hook events ('' when there are no hooks). */
  readonly eventUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  readonly fetch: typeof globalThis.fetch | undefined;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number;
  readonly hooks: HttpHooks | undefined;
  readonly responseType: 'json' | 'text' | 'none' | 'response';
}

export type AttemptResult =
  /** 2xx. `text` is the body, except for 'response' (untouched, streaming) and 'none' (''). */
  | { readonly type: 'success'; readonly response: Response; readonly text: string }
  /** Non-2xx with its body text ('' when unreadable). */
  | { readonly type: 'status'; readonly response: Response; readonly text: string }
  | { readonly type: 'timeout'; readonly cause: unknown }
  | { readonly type: 'transport'; readonly cause: unknown }
  | { readonly type: 'aborted' };

/**
 * One HTTP attempt through ky, with ky's own retry and timeout off: the layer above owns the
 * retry policy, and this attempt's timeout covers the body read too (ky's covers only the headers).
 * The caller's signal is linked in so an abort cancels the socket at once.
 */
export async function runAttempt(plan: AttemptPlan, attempt: number): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`no response within ${plan.timeoutMs} ms`, 'TimeoutError'));
  }, plan.timeoutMs);
  const callerSignal = plan.signal;
  const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  // A streamed body stays tied to the caller's signal after we return it.
  let keepCallerLink = false;
  const started = performance.now();
  try {
    const response = await ky(plan.href, kyOptions(plan, controller.signal));
    if (plan.hooks !== undefined) {
      const durationMs = performance.now() - started;
      emit(plan.hooks, 'onResponse', { provider: plan.provider, method: plan.method, url: plan.eventUrl, attempt, status: response.status, durationMs });
    }
    if (!response.ok) return { type: 'status', response, text: await response.text().catch(() => '') };
    if (plan.responseType === 'response') {
      keepCallerLink = true;
      return { type: 'success', response, text: '' };
    }
    // Read even an ignored body, so the connection goes back to the pool.
    const text = await response.text();
    return { type: 'success', response, text: plan.responseType === 'none' ? '' : text };
  } catch (error) {
    if (callerSignal?.aborted) return { type: 'aborted' };
    if (timedOut) return { type: 'timeout', cause: error };
    return { type: 'transport', cause: error };
  } finally {
    clearTimeout(timer);
    if (!keepCallerLink) callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}

function kyOptions(plan: AttemptPlan, signal: AbortSignal): KyOptions {
  return {
    method: plan.method,
    headers: plan.headers,
    signal,
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    ...(plan.body === undefined ? {} : { body: plan.body }),
    ...(plan.fetch === undefined ? {} : { fetch: plan.fetch }),
  };
}
