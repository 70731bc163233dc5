import { type Fields, isArrayOf, isNullish, isNumber, isOptional, isPlainObject, isString } from '@atlas/core/provider';
import * as v from 'valibot';

/**
 * Native pod schemas for REST v2 (`Pod` in openapi-v2.json). Lenient about fields we do not read
 * (looseObject keeps them for `raw`), strict about the ones we do.
 */
export const POD_STATUSES = ['PROVISIONING', 'STARTING', 'RUNNING', 'EXITED', 'ERROR', 'TERMINATED'] as const;
export type PodStatus = (typeof POD_STATUSES)[number];

/**
 * A live port mapping (`PodRuntimePort`). Every field is optional in the spec, so an entry is not
 * checked here: the translation uses the entries it can read (isRuntimePort) and skips the rest,
 * which stay in `raw`. One odd entry must not make a whole list unreadable.
 */
export interface RuntimePort {
  readonly private: number;
  readonly public?: number | null;
  readonly type?: string;
  readonly ip?: string | null;
}

export const PodSchema = v.looseObject({
  id: v.pipe(v.string(), v.nonEmpty()),
  name: v.string(),
  status: v.picklist(POD_STATUSES),
  image: v.optional(v.nullable(v.string())),
  ports: v.optional(v.nullable(v.array(v.string()))),
  env: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
  gpu: v.optional(v.nullable(v.looseObject({ id: v.string(), count: v.optional(v.number()) }))),
  /** A CPU pod's flavor and size (`CpuConfig`); absent from GPU pods. */
  cpu: v.optional(
    v.nullable(v.looseObject({ id: v.string(), vcpuCount: v.number(), memory: v.optional(v.nullable(v.number())) })),
  ),
  cost: v.optional(v.nullable(v.number())),
  dataCenterId: v.optional(v.nullable(v.string())),
  runtime: v.optional(v.nullable(v.looseObject({ ports: v.optional(v.nullable(v.array(v.unknown()))) }))),
  createdAt: v.optional(v.nullable(v.string())),
});
export type Pod = v.InferOutput<typeof PodSchema>;

export const ListPodsSchema = v.looseObject({ pods: v.array(PodSchema) });
export type ListPods = v.InferOutput<typeof ListPodsSchema>;

/*
 * The same shapes as plain checks, for core's `accepts`: a list of 10,000 pods skips valibot's
 * copy of every pod (which cost more than parsing the JSON). Keep in step with the schemas above;
 * the tests check on many malformed pods that these never accept what the schemas refuse.
 */
const isStatus = (value: unknown): value is PodStatus => (POD_STATUSES as readonly unknown[]).includes(value);
const isStringArray = (value: unknown): value is string[] => isArrayOf(value, isString);

/** A live port mapping the translation can use. */
export function isRuntimePort(value: unknown): value is RuntimePort {
  return (
    isPlainObject(value) &&
    isNumber(value.private) &&
    isNullish(value.public, isNumber) &&
    isOptional(value.type, isString) &&
    isNullish(value.ip, isString)
  );
}

function isGpu(value: unknown): value is Fields {
  return isPlainObject(value) && isString(value.id) && isOptional(value.count, isNumber);
}

function isCpu(value: unknown): value is Fields {
  return isPlainObject(value) && isString(value.id) && isNumber(value.vcpuCount) && isNullish(value.memory, isNumber);
}

function isRuntime(value: unknown): value is Fields {
  return isPlainObject(value) && isNullish(value.ports, Array.isArray);
}

export function isPod(value: unknown): value is Pod {
  return (
    isPlainObject(value) &&
    isString(value.id) &&
    value.id !== '' &&
    isString(value.name) &&
    isStatus(value.status) &&
    isNullish(value.image, isString) &&
    isNullish(value.ports, isStringArray) &&
    isNullish(value.env, isPlainObject) &&
    isNullish(value.gpu, isGpu) &&
    isNullish(value.cpu, isCpu) &&
    isNullish(value.cost, isNumber) &&
    isNullish(value.dataCenterId, isString) &&
    isNullish(value.runtime, isRuntime) &&
    isNullish(value.createdAt, isString)
  );
}

export function isPodList(value: unknown): value is ListPods {
  return isPlainObject(value) && isArrayOf(value.pods, isPod);
}

/** `POST /v2/pods` body (`CreatePodRequest`), the fields Atlas sets. Exactly one of `gpu` and `cpu`. */
export interface CreatePodBody {
  name: string;
  image?: string;
  templateId?: string;
  gpu?: { id: string; count: number };
  /** A CPU pod: the flavor and its vCPU count (a power of two the flavor offers); memory follows from both. */
  cpu?: { id: string; vcpuCount: number };
  cloud?: 'SECURE' | 'COMMUNITY';
  dataCenterIds?: string[];
  ports?: string[];
  env?: Record<string, string>;
  disk?: number;
  mounts?: { persistent: { size: number; path: string } } | { network: [{ volumeId: string; path: string }] };
  [providerOption: string]: unknown;
}
