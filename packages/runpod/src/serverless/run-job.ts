import {
  AtlasError,
  type AtlasIssue,
  type CallContext,
  type HttpHooks,
  type HttpRetryEvent,
  isAtlasError,
  type Job,
  type JobRequest,
} from '@atlas/core';
import { type HttpClient, kindForStatus } from '@atlas/core/provider';
import { isNativeJob, type NativeJob, NativeJobSchema } from '../api/jobs.js';
import { assertNoIssues } from '../invalid-input.js';
import { PROVIDER_ID } from '../settings.js';
import { toJob, toRunBody } from '../translate/job.js';
import { endpointPath } from './paths.js';

/** Default cap of a sync job when neither the request nor the call sets one (RunPod's own /runsync default wait). */
export const DEFAULT_SYNC_CAP_MS = 90_000;
/** RunPod's accepted range for `/runsync?wait=`. */
const MIN_WAIT_MS = 1_000;
const MAX_WAIT_MS = 300_000;
/** RunPod's documented policy bounds (serverless.md: executionTimeout 5 s..7 days, ttl 10 s..7 days). */
const SEVEN_DAYS_MS = 7 * 86_400_000;
const POLICY_BOUNDS = {
  executionTimeoutMs: { min: 5_000, max: SEVEN_DAYS_MS },
  ttlMs: { min: 10_000, max: SEVEN_DAYS_MS },
} as const;
/** Timers hold at most 2^31-1 ms (about 24.8 days): longer, Node fires them at once or throws. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * async: `POST /run`, returns the queued job. sync: `POST /runsync`, capped client-side at
 * timeoutMs. RunPod is asked to answer a little before the cap (`wait`), so it normally hands back
 * the job, terminal or not (poll a non-terminal one with getJob). If no answer arrives by the cap
 * the call rejects AtlasError `timeout`: it never blocks past timeoutMs.
 */
export async function runJob(
  makeClient: (ctx: CallContext) => HttpClient,
  request: JobRequest,
  ctx: CallContext,
): Promise<Job> {
  checkPolicy(request.policy);
  const body = toRunBody(request);
  if (request.mode === 'async') {
    const client = makeClient(ctx);
    const native = await client.request({
      method: 'POST',
      path: endpointPath(request.endpoint, 'run'),
      json: body,
      schema: NativeJobSchema,
      accepts: isNativeJob,
    });
    return toJob(request.endpoint, native);
  }
  const capMs = request.timeoutMs ?? ctx.timeoutMs ?? DEFAULT_SYNC_CAP_MS;
  const cap = AbortSignal.timeout(Math.min(capMs, MAX_TIMER_MS));
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, cap]) : cap;
  // A wait the server asks for (429, 503 + Retry-After) that would outlast the cap is not waited:
  // the server's own answer (its kind, retryAfterMs) surfaces instead of a timeout.
  const retry = { ...ctx.retry, budgetMs: Math.min(ctx.retry?.budgetMs ?? capMs, capMs) };
  const waits = watchRetryWaits(ctx.hooks);
  const client = makeClient({ ...ctx, signal, timeoutMs: capMs, retry, hooks: waits.hooks });
  try {
    const native = await client.request({
      method: 'POST',
      path: endpointPath(request.endpoint, 'runsync'),
      query: { wait: waitFor(capMs) },
      json: body,
      schema: NativeJobSchema,
      accepts: isNativeJob,
      timeoutMs: capMs,
    });
    return toJob(request.endpoint, native);
  } catch (error) {
    // RunPod answers a sync job that failed with HTTP 400 and the job itself as the body
    // ({id, status: 'FAILED', error}): that is a finished, failed Job, not a bad request.
    const failedJob = failedJobIn(error);
    if (failedJob !== undefined) return toJob(request.endpoint, failedJob);
    if (cap.aborted && !ctx.signal?.aborted) {
      // The cap fired during a wait the server asked for: that answer stands, and nothing ran.
      const asked = waits.current();
      if (asked !== undefined) throw serverWaitError(request.endpoint, asked, capMs, error);
      throw new AtlasError({
        kind: 'timeout',
        provider: PROVIDER_ID,
        message: `runpod: sync job on endpoint '${request.endpoint}' got no answer within ${capMs} ms; it may still run. Use mode 'async' to get a job id at once.`,
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The retry wait in progress, if the server asked for it (a 429, or a 503 with Retry-After: the
 * only answers a create-like POST is retried on). The caller's hooks still get every event.
 */
function watchRetryWaits(user: HttpHooks | undefined): { hooks: HttpHooks; current(): HttpRetryEvent | undefined } {
  let waiting: HttpRetryEvent | undefined;
  const hooks: HttpHooks = {
    onRequest(event) {
      waiting = undefined;
      user?.onRequest?.(event);
    },
    onResponse(event) {
      user?.onResponse?.(event);
    },
    onRetry(event) {
      waiting = event.reason === '429' || event.reason === '503' ? event : undefined;
      user?.onRetry?.(event);
    },
  };
  return { hooks, current: () => waiting };
}

function serverWaitError(endpoint: string, asked: HttpRetryEvent, capMs: number, cause: unknown): AtlasError {
  const status = Number(asked.reason);
  return new AtlasError({
    kind: kindForStatus(status),
    provider: PROVIDER_ID,
    status,
    message:
      `runpod: sync job on endpoint '${endpoint}' was answered HTTP ${status} and asked to wait ${asked.delayMs} ms, ` +
      `past its cap of ${capMs} ms; the job was not run. Retry later, or raise timeoutMs.`,
    retryable: true,
    retryAfterMs: asked.delayMs,
    cause,
  });
}

function checkPolicy(policy: JobRequest['policy']): void {
  if (policy === undefined) return;
  const issues: AtlasIssue[] = [];
  for (const field of ['executionTimeoutMs', 'ttlMs'] as const) {
    const value = policy[field];
    const { min, max } = POLICY_BOUNDS[field];
    if (value !== undefined && (value < min || value > max)) {
      issues.push({ path: `policy.${field}`, message: `must be from ${min} ms to ${max} ms (7 days) on RunPod` });
    }
  }
  assertNoIssues('job request', issues);
}

function failedJobIn(error: unknown): NativeJob | undefined {
  if (!isAtlasError(error) || error.status !== 400 || !isNativeJob(error.raw)) return undefined;
  return error.raw.status === 'FAILED' ? error.raw : undefined;
}

/** Ask RunPod to answer before our own cap fires (a tenth of the cap, at least 250 ms, earlier). */
function waitFor(capMs: number): number {
  const early = capMs - Math.max(250, Math.floor(capMs / 10));
  return Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, early));
}
