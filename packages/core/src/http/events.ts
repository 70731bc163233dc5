/** Telemetry hooks. URLs in events are redacted; bodies and headers are never included. */
export interface HttpRequestEvent {
  readonly provider: string;
  readonly method: string;
  /** The URL with secrets removed. */
  readonly url: string;
  /** 1 for the first try, 2 for the first retry, ... */
  readonly attempt: number;
  /** The same for every attempt of one request, unique in the process: ties the events of concurrent requests together. */
  readonly requestId: string;
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

/** An attempt that got no response: it timed out, lost its connection, or was aborted by the caller. */
export interface HttpAttemptFailedEvent extends HttpRequestEvent {
  readonly reason: 'timeout' | 'transport' | 'aborted';
  readonly durationMs: number;
}

/** A provider operation entering the boundary (spawnCompute, getCompute, ...). */
export interface CallStartEvent {
  readonly provider: string;
  readonly operation: string;
  /** Unique in the process: ties the end to its start. */
  readonly callId: string;
}

export interface CallEndEvent extends CallStartEvent {
  readonly durationMs: number;
  /** The AtlasError kind when the call failed; absent on success. */
  readonly errorKind?: string;
}

export interface HttpHooks {
  onRequest?(event: HttpRequestEvent): void;
  onResponse?(event: HttpResponseEvent): void;
  onRetry?(event: HttpRetryEvent): void;
  onAttemptFailed?(event: HttpAttemptFailedEvent): void;
  /** Every provider call, direct or through createAtlas, as it starts and as it ends. */
  onCallStart?(event: CallStartEvent): void;
  onCallEnd?(event: CallEndEvent): void;
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
