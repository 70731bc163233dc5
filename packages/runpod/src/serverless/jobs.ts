import type { Job, JobRef } from '@atlas/core';
import { type HttpClient, parseJobRef } from '@atlas/core/provider';
import { isNativeJob, NativeJobSchema } from '../api/jobs.js';
import { PROVIDER_ID } from '../settings.js';
import { toJob } from '../translate/job.js';
import { jobPath } from './paths.js';

/** `GET /status/{id}`. A Job is a JobRef, so the Job runJob returned works here as it is. */
export async function getJob(client: HttpClient, { endpoint, id }: JobRef): Promise<Job> {
  const native = await client.request({
    method: 'GET',
    path: jobPath(endpoint, 'status', id),
    schema: NativeJobSchema,
    accepts: isNativeJob,
  });
  return toJob(endpoint, native);
}

/** `POST /cancel/{id}`: cancelling twice leaves the job cancelled, so it is retried like a PUT. */
export async function cancelJob(client: HttpClient, { endpoint, id }: JobRef): Promise<void> {
  await client.request({
    method: 'POST',
    path: jobPath(endpoint, 'cancel', id),
    responseType: 'none',
    idempotent: true,
  });
}

/**
 * `POST /retry/{id}`: re-queues a FAILED or TIMED_OUT job under the same id, with its original
 * input. An extra, so the ref is parsed here (the boundary parses the contract's refs).
 */
export async function retryJob(client: HttpClient, ref: JobRef): Promise<Job> {
  const { endpoint, id } = parseJobRef(ref, PROVIDER_ID);
  const native = await client.request({
    method: 'POST',
    path: jobPath(endpoint, 'retry', id),
    schema: NativeJobSchema,
    accepts: isNativeJob,
  });
  return toJob(endpoint, native);
}
