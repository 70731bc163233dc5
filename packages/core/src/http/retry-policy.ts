import { backoffDelay } from './backoff.js';
import type { RetryOptions } from './events.js';
import type { HttpMethod } from './types.js';

/** Retry options with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetryOptions = { limit: 2, budgetMs: 30_000, backoffMs: 250, maxDelayMs: 10_000 };

/** What one attempt ended with, as far as the retry decision cares. */
export type AttemptOutcome =
  | { readonly type: 'status'; readonly status: number; readonly retryAfterMs: number | undefined }
  | { readonly type: 'timeout' }
  | { readonly type: 'transport' };

export interface RetryState {
  /** Retries already made (0 after the first attempt). */
  readonly retriesDone: number;
  /** Time already spent waiting between attempts. */
  readonly waitedMs: number;
}

export type RetryDecision = { readonly retry: false } | { readonly retry: true; readonly delayMs: number };

const NO_RETRY: RetryDecision = { retry: false };

export function resolveRetryOptions(options: RetryOptions | undefined): ResolvedRetryOptions {
  if (options === undefined) return DEFAULT_RETRY;
  return {
    limit: nonNegative(options.limit, DEFAULT_RETRY.limit, true),
    budgetMs: nonNegative(options.budgetMs, DEFAULT_RETRY.budgetMs, false),
    backoffMs: nonNegative(options.backoffMs, DEFAULT_RETRY.backoffMs, false),
    maxDelayMs: nonNegative(options.maxDelayMs, DEFAULT_RETRY.maxDelayMs, false),
  };
}

function nonNegative(value: number | undefined, fallback: number, integer: boolean): number {
  if (value === undefined || Number.isNaN(value)) return fallback;
  const clamped = Math.max(0, value);
  return integer ? Math.floor(clamped) : clamped;
}

/**
 * Reads and idempotent writes may be sent again; a create may not. The caller's `idempotent` wins
 * over the method: an action POST can vouch for itself, a draining GET can say it must not repeat.
 */
export function isRepeatable(method: HttpMethod, idempotent: boolean | undefined): boolean {
  if (idempotent !== undefined) return idempotent;
  return method === 'GET' || method === 'HEAD' || method === 'PUT' || method === 'DELETE';
}

/**
 * Whether an attempt that ended this way may be tried again. A repeatable request retries on 408,
 * 429, 5xx, timeouts and transport errors. A create retries only when the server said it did
 * nothing (429, or 503 with Retry-After): after a timeout, a reset or another 5xx it may have
 * rented a GPU, and a blind retry could rent a second one.
 */
export function isRetryableOutcome(outcome: AttemptOutcome, repeatable: boolean): boolean {
  if (outcome.type !== 'status') return repeatable;
  const { status } = outcome;
  if (status === 429) return true;
  if (repeatable) return status === 408 || (status >= 500 && status <= 599);
  return status === 503 && outcome.retryAfterMs !== undefined;
}

/**
 * The whole retry decision, pure: whether to try again and after how long. A wait (Retry-After or
 * backoff) that would go past the budget stops the retries, so the caller sees the error at once.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  repeatable: boolean,
  state: RetryState,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): RetryDecision {
  if (state.retriesDone >= options.limit || !isRetryableOutcome(outcome, repeatable)) return NO_RETRY;
  const retryAfterMs = outcome.type === 'status' ? outcome.retryAfterMs : undefined;
  const delayMs = retryAfterMs ?? backoffDelay(state.retriesDone, options, random);
  if (state.waitedMs + delayMs > options.budgetMs) return NO_RETRY;
  return { retry: true, delayMs };
}
