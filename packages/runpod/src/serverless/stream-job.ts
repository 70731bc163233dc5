import { AtlasError, isTerminalJobStatus, type JobChunk, type JobRef } from '@atlas/core';
import { type HttpClient, sleep } from '@atlas/core/provider';
import type * as v from 'valibot';
import { type NativeJobStatus, StreamSchema } from '../api/jobs.js';
import { PROVIDER_ID } from '../settings.js';
import { toJobStatus } from '../translate/job.js';
import { getJob } from './jobs.js';
import { jobPath } from './paths.js';

/** Poll delays: short while output flows, doubling up to the cap while it does not. */
export const STREAM_MIN_DELAY_MS = 200;
export const STREAM_MAX_DELAY_MS = 2_000;

/**
 * Polls `GET /stream/{id}` until the job is terminal. Each poll drains what RunPod buffered since
 * the previous one, so every chunk is yielded once, in order, with `index` counting from 0.
 * Aborting the signal ends the iteration with its reason (an AtlasError at the boundary); so does
 * any failed poll.
 */
export async function* streamJob(
  client: HttpClient,
  job: JobRef,
  signal?: AbortSignal,
): AsyncGenerator<JobChunk, void, undefined> {
  let index = 0;
  let delay = STREAM_MIN_DELAY_MS;
  for (;;) {
    // Each poll drains RunPod's buffer: a poll whose answer was lost must not be silently
    // repeated (its chunks would be skipped), so it retries only when the server did nothing.
    const answer = await client.request({
      method: 'GET',
      path: jobPath(job.endpoint, 'stream', job.id),
      schema: StreamSchema,
      idempotent: false,
    });
    const { status, chunks } = readStream(answer, job);
    for (const chunk of chunks) yield { index: index++, output: chunk.output };
    // The bare-array form carries no status: ask /status whether the job is done.
    const done =
      status === undefined
        ? isTerminalJobStatus((await getJob(client, job)).status)
        : isTerminalJobStatus(toJobStatus(status));
    if (done) return;
    delay = chunks.length > 0 ? STREAM_MIN_DELAY_MS : Math.min(delay * 2, STREAM_MAX_DELAY_MS);
    if (!(await sleep(delay, signal))) throw signal?.reason;
  }
}

function readStream(
  answer: v.InferOutput<typeof StreamSchema>,
  job: JobRef,
): {
  status?: NativeJobStatus;
  chunks: { output?: unknown }[];
} {
  if (Array.isArray(answer)) return { chunks: answer };
  if (answer.status === undefined && answer.stream === undefined) {
    // An object with neither field says nothing: reading it as "no chunks" would end a stream early.
    throw new AtlasError({
      kind: 'contract',
      provider: PROVIDER_ID,
      message: `runpod: the /stream answer for job ${job.id} has neither \`status\` nor \`stream\``,
    });
  }
  return { ...(answer.status === undefined ? {} : { status: answer.status }), chunks: answer.stream ?? [] };
}
