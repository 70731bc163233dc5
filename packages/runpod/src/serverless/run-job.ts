import { AtlasError, type CallContext, isAtlasError, type Job } from '@atlas/core';
import { type HttpClient, parseJobRequest } from '@atlas/core/provider';
import { isNativeJob, type NativeJob, NativeJobSchema } from '../api/jobs.js';
import { PROVIDER_ID } from '../settings.js';
import { toJob, toRunBody } from '../translate/job.js';
import { endpointPath } from './paths.js';

/** Default cap of a sync job when neither the request nor the call sets one (RunPod's own /runsync default wait). */
export const DEFAULT_SYNC_CAP_MS = 90_000;
/** RunPod's accepted range for `/runsync?wait=`. */
const MIN_WAIT_MS = 1_000;
const MAX_WAIT_MS = 300_000;
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
  input: unknown,
  ctx: CallContext,
): Promise<Job> {
  const request = parseJobRequest(input, PROVIDER_ID);
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
  const client = makeClient({ ...ctx, signal, timeoutMs: capMs });
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

function failedJobIn(error: unknown): NativeJob | undefined {
  if (!isAtlasError(error) || error.status !== 400 || !isNativeJob(error.raw)) return undefined;
  return error.raw.status === 'FAILED' ? error.raw : undefined;
}

/** Ask RunPod to answer before our own cap fires (a tenth of the cap, at least 250 ms, earlier). */
function waitFor(capMs: number): number {
  const early = capMs - Math.max(250, Math.floor(capMs / 10));
  return Math.min(MAX_WAIT_MS, Math.max(MIN_WAIT_MS, early));
}
