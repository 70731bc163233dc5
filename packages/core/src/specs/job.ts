import * as v from 'valibot';
import { IsoDateSchema, objectMessage, PositiveIntSchema, ProviderOptionsSchema } from './common.js';
import { ResourceIdSchema } from './resource-id.js';

export const JOB_STATUSES = ['in_queue', 'in_progress', 'completed', 'failed', 'cancelled', 'timed_out'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const JobStatusSchema = v.picklist(JOB_STATUSES);

/** Statuses after which a job never changes again. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled', 'timed_out']);

export function isTerminalJobStatus(status: JobStatus): boolean {
  return TERMINAL_JOB_STATUSES.has(status);
}

/** Endpoint ids and job ids become URL path segments: the same rules as every other id. */
const EndpointSchema = ResourceIdSchema;

/** Webhooks are called by the cloud over HTTP; `new URL` alone would accept `javascript:` or `ftp:`. */
const WebhookSchema = v.pipe(
  v.string('must be a string'),
  v.url('must be a URL'),
  // valibot runs later checks even after url() failed, so this one must not throw on garbage.
  v.check((url) => /^https?:\/\//i.test(url), 'must be an http or https URL'),
);

/** A serverless job to run on an endpoint. */
export const JobRequestSchema = v.strictObject(
  {
    endpoint: EndpointSchema,
    input: v.pipe(
      v.unknown(),
      v.check((input) => input !== undefined, 'is required'),
    ),
    mode: v.optional(v.picklist(['async', 'sync'], 'must be "async" or "sync"'), 'async'),
    timeoutMs: v.optional(PositiveIntSchema),
    webhook: v.optional(WebhookSchema),
    policy: v.optional(
      v.strictObject(
        {
          executionTimeoutMs: v.optional(PositiveIntSchema),
          ttlMs: v.optional(PositiveIntSchema),
          lowPriority: v.optional(v.boolean('must be a boolean')),
        },
        objectMessage,
      ),
    ),
    providerOptions: v.optional(ProviderOptionsSchema),
  },
  objectMessage,
);
export type JobRequestInput = v.InferInput<typeof JobRequestSchema>;
export type JobRequest = v.InferOutput<typeof JobRequestSchema>;

/** Enough to find a job again: the endpoint travels with the id, so getJob(job) just works. */
export const JobRefSchema = v.object(
  {
    endpoint: EndpointSchema,
    id: ResourceIdSchema,
  },
  objectMessage,
);
export type JobRef = v.InferOutput<typeof JobRefSchema>;

export const JobSchema = v.object({
  id: v.pipe(v.string(), v.nonEmpty()),
  endpoint: v.pipe(v.string(), v.nonEmpty()),
  provider: v.pipe(v.string(), v.nonEmpty()),
  status: JobStatusSchema,
  output: v.optional(v.unknown()),
  error: v.optional(v.string()),
  executionTimeMs: v.optional(v.pipe(v.number(), v.minValue(0))),
  delayTimeMs: v.optional(v.pipe(v.number(), v.minValue(0))),
  createdAt: v.optional(IsoDateSchema),
  raw: v.unknown(),
});
export type Job = v.InferOutput<typeof JobSchema>;

/** One piece of streamed output; `index` counts from 0 so consumers can check the order. */
export const JobChunkSchema = v.object({
  index: v.pipe(v.number(), v.integer(), v.minValue(0)),
  output: v.unknown(),
});
export type JobChunk = v.InferOutput<typeof JobChunkSchema>;
