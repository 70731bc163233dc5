import type { Job, JobChunk, JobStatus } from '@atlas/core';
import { scrubRaw } from '@atlas/core/provider';

/** How many chunks every job streams. */
export const CHUNK_COUNT = 4;

/**
 * A job's timeline: the first fifth of its duration in the queue, the rest in progress, with
 * chunks produced at even intervals while it runs. Status is derived from the clock.
 */
export interface JobRecord {
  readonly id: string;
  readonly endpoint: string;
  readonly input: unknown;
  readonly createdAt: number;
  /** Origin of the timeline; a sync job starts one duration in the past so it is already done. */
  readonly startedAt: number;
  readonly durationMs: number;
  /** From the request's policy: a job running longer ends `timed_out`. */
  readonly executionTimeoutMs: number | undefined;
  /** From the input's `fail` field: the worker fails halfway through its run with this error. */
  readonly failMessage: string | undefined;
  cancelledAt?: number;
}

function queueMs(job: JobRecord): number {
  return Math.round(job.durationMs / 5);
}

/** When the job stops changing, and why, unless it is still in flight at `now`. */
function ending(job: JobRecord): { at: number; status: JobStatus } {
  const runMs = job.durationMs - queueMs(job);
  const timeout = job.executionTimeoutMs;
  const failsAt = job.failMessage === undefined ? Number.POSITIVE_INFINITY : Math.round(runMs / 2);
  const natural =
    timeout !== undefined && timeout < runMs && timeout < failsAt
      ? { at: job.startedAt + queueMs(job) + timeout, status: 'timed_out' as const }
      : failsAt < runMs
        ? { at: job.startedAt + queueMs(job) + failsAt, status: 'failed' as const }
        : { at: job.startedAt + job.durationMs, status: 'completed' as const };
  if (job.cancelledAt !== undefined && job.cancelledAt < natural.at)
    return { at: job.cancelledAt, status: 'cancelled' };
  return natural;
}

export function jobStatus(job: JobRecord, now: number): JobStatus {
  const end = ending(job);
  if (now >= end.at) return end.status;
  return now - job.startedAt < queueMs(job) ? 'in_queue' : 'in_progress';
}

function chunkAt(job: JobRecord, index: number): number {
  const runMs = job.durationMs - queueMs(job);
  return job.startedAt + queueMs(job) + Math.round(((index + 1) * runMs) / CHUNK_COUNT);
}

export function chunkOutput(index: number): string {
  return `part ${index + 1} of ${CHUNK_COUNT}`;
}

/** How many chunks exist at `now` (never more than were produced before the job ended). */
export function readyChunks(job: JobRecord, now: number): number {
  const until = Math.min(now, ending(job).at);
  let count = 0;
  while (count < CHUNK_COUNT && chunkAt(job, count) <= until) count++;
  return count;
}

/** When the next chunk or the end is due, for a stream waiting on the clock. */
export function nextEventAt(job: JobRecord, now: number): number {
  const ready = readyChunks(job, now);
  const end = ending(job).at;
  return ready < CHUNK_COUNT ? Math.min(chunkAt(job, ready), end) : end;
}

export function chunk(index: number): JobChunk {
  return { index, output: chunkOutput(index) };
}

export function toJob(job: JobRecord, now: number, provider: string): Job {
  const status = jobStatus(job, now);
  const queued = queueMs(job);
  const started = now - job.startedAt >= queued;
  const end = ending(job);
  const finished = now >= end.at;
  const output =
    status === 'completed'
      ? { echo: job.input, text: Array.from({ length: CHUNK_COUNT }, (_, i) => chunkOutput(i)).join(', ') }
      : undefined;
  const executionTimeMs = finished ? Math.max(0, end.at - job.startedAt - queued) : undefined;
  const error =
    status === 'timed_out'
      ? `execution timeout of ${job.executionTimeoutMs} ms exceeded`
      : status === 'failed'
        ? job.failMessage
        : undefined;
  return {
    id: job.id,
    endpoint: job.endpoint,
    provider,
    status,
    ...(output === undefined ? {} : { output }),
    ...(error === undefined ? {} : { error }),
    ...(executionTimeMs === undefined ? {} : { executionTimeMs }),
    ...(started ? { delayTimeMs: queued } : {}),
    createdAt: new Date(job.createdAt).toISOString(),
    raw: scrubRaw({
      id: job.id,
      status: status.toUpperCase(),
      ...(output === undefined ? {} : { output }),
      ...(error === undefined ? {} : { error }),
      ...(started ? { delayTime: queued } : {}),
      ...(executionTimeMs === undefined ? {} : { executionTime: executionTimeMs }),
    }),
  };
}
