import { isNullish, isNumber, isPlainObject, isString } from '@atlas/core/provider';
import * as v from 'valibot';

/** Job statuses the runtime reports; docs also list RUNNING, which no official client handles. */
export const NATIVE_JOB_STATUSES = [
  'IN_QUEUE',
  'IN_PROGRESS',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMED_OUT',
] as const;
export type NativeJobStatus = (typeof NATIVE_JOB_STATUSES)[number];

/** `/run`, `/runsync`, `/status/{id}`, `/cancel/{id}`, `/retry/{id}` all answer with this shape. */
export const NativeJobSchema = v.looseObject({
  id: v.pipe(v.string(), v.nonEmpty()),
  status: v.picklist(NATIVE_JOB_STATUSES),
  output: v.optional(v.unknown()),
  error: v.optional(v.unknown()),
  executionTime: v.optional(v.nullable(v.number())),
  delayTime: v.optional(v.nullable(v.number())),
});
export type NativeJob = v.InferOutput<typeof NativeJobSchema>;

/** NativeJobSchema as a plain check, for core's `accepts` (never looser than the schema; see the tests). */
export function isNativeJob(value: unknown): value is NativeJob {
  return (
    isPlainObject(value) &&
    isString(value.id) &&
    value.id !== '' &&
    (NATIVE_JOB_STATUSES as readonly unknown[]).includes(value.status) &&
    isNullish(value.executionTime, isNumber) &&
    isNullish(value.delayTime, isNumber)
  );
}

/** `/stream/{id}`: the chunks buffered since the previous poll. The docs also show a bare array. */
const StreamChunkSchema = v.looseObject({ output: v.optional(v.unknown()) });
// The array comes first: valibot's object schemas accept arrays too.
export const StreamSchema = v.union([
  v.array(StreamChunkSchema),
  v.looseObject({
    status: v.optional(v.picklist(NATIVE_JOB_STATUSES)),
    stream: v.optional(v.nullable(v.array(StreamChunkSchema))),
  }),
]);

export const PurgeQueueSchema = v.looseObject({ removed: v.number(), status: v.string() });
export type PurgeQueueResult = v.InferOutput<typeof PurgeQueueSchema>;

const count = v.optional(v.number(), 0);
export const HealthSchema = v.looseObject({
  jobs: v.looseObject({ completed: count, failed: count, inProgress: count, inQueue: count, retried: count }),
  workers: v.looseObject({
    idle: count,
    initializing: count,
    ready: count,
    running: count,
    throttled: count,
    unhealthy: count,
  }),
});
export type EndpointHealth = v.InferOutput<typeof HealthSchema>;
