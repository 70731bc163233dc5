import type { Job, JobRequest, JobStatus } from '@atlas/core';
import { applyProviderOptions, scrubRaw } from '@atlas/core/provider';
import type { NativeJob, NativeJobStatus } from '../api/jobs.js';
import { PROVIDER_ID } from '../settings.js';

const STATUS: Readonly<Record<NativeJobStatus, JobStatus>> = {
  IN_QUEUE: 'in_queue',
  IN_PROGRESS: 'in_progress',
  RUNNING: 'in_progress',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
  TIMED_OUT: 'timed_out',
};

export function toJobStatus(status: NativeJobStatus): JobStatus {
  return STATUS[status];
}

/** A runtime answer as an Atlas Job. The endpoint travels with it, so getJob(job) just works. */
export function toJob(endpoint: string, native: NativeJob): Job {
  const error = native.error === undefined || native.error === null ? undefined : errorText(native.error);
  return {
    id: native.id,
    endpoint,
    provider: PROVIDER_ID,
    status: toJobStatus(native.status),
    ...(native.output === undefined ? {} : { output: native.output }),
    ...(error === undefined ? {} : { error }),
    ...(isDuration(native.executionTime) ? { executionTimeMs: native.executionTime } : {}),
    ...(isDuration(native.delayTime) ? { delayTimeMs: native.delayTime } : {}),
    raw: scrubRaw(native),
  };
}

/** What the job request describes: providerOptions (s3Config, ...) cannot set these. */
const OWNED_JOB_OPTIONS = ['input', 'webhook', 'policy'] as const;

/** The `/run` and `/runsync` body: `input`, then webhook and policy, then providerOptions (s3Config...). */
export function toRunBody(request: JobRequest): Record<string, unknown> {
  const policy = request.policy;
  const nativePolicy = policy
    ? {
        ...(policy.executionTimeoutMs === undefined ? {} : { executionTimeout: policy.executionTimeoutMs }),
        ...(policy.ttlMs === undefined ? {} : { ttl: policy.ttlMs }),
        ...(policy.lowPriority === undefined ? {} : { lowPriority: policy.lowPriority }),
      }
    : undefined;
  const body = {
    input: request.input,
    ...(request.webhook === undefined ? {} : { webhook: request.webhook }),
    ...(nativePolicy === undefined ? {} : { policy: nativePolicy }),
  };
  return applyProviderOptions(body, request.providerOptions, { provider: PROVIDER_ID, owned: OWNED_JOB_OPTIONS });
}

function errorText(error: unknown): string {
  return typeof error === 'string' ? error : JSON.stringify(error);
}

function isDuration(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
