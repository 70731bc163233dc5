/** Telemetry hooks. URLs in events are redacted; bodies and headers are never included. */
export interface HttpRequestEvent {
  readonly provider: string;
  readonly method: string;
  /** The URL with secrets removed. */
  readonly url: string;
  /** 1 for the first try, 2 for the first retry, ... */
  readonly attempt: number;
}

export interface HttpResponseEvent extends HttpRequestEvent {
  readonly status: number;
  /** From sending the request to receiving the response headers. */
  readonly durationMs: number;
}

/** Sent before the wait; `attempt` is the number of the attempt that follows it (2 for the first retry). */
export interface HttpRetryEvent extends HttpRequestEvent {
  /** How long the layer waits before the next attempt. */
  readonly delayMs: number;
  /** Why: the HTTP status as text ('503'), or 'transport' / 'timeout'. */
  readonly reason: string;
}

export interface HttpHooks {
  onRequest?(event: HttpRequestEvent): void;
  onResponse?(event: HttpResponseEvent): void;
  onRetry?(event: HttpRetryEvent): void;
}

export interface RetryOptions {
  /** Retries after the first attempt (default 2). 0 turns retrying off. */
  readonly limit?: number;
  /** Longest total time spent waiting between attempts before giving up (default 30 s). */
  readonly budgetMs?: number;
  /** First backoff delay; doubles each attempt, with jitter (default 250 ms). */
  readonly backoffMs?: number;
  /** Cap for one backoff delay (default 10 s). */
  readonly maxDelayMs?: number;
}
