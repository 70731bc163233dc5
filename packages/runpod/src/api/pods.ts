import * as v from 'valibot';

/**
 * Native pod schemas for REST v2 (`Pod` in openapi-v2.json). Lenient about fields we do not read
 * (looseObject keeps them for `raw`), strict about the ones we do.
 */
export const POD_STATUSES = ['PROVISIONING', 'STARTING', 'RUNNING', 'EXITED', 'ERROR', 'TERMINATED'] as const;
export type PodStatus = (typeof POD_STATUSES)[number];

const RuntimePortSchema = v.looseObject({
  private: v.number(),
  public: v.optional(v.nullable(v.number())),
  type: v.optional(v.string()),
  ip: v.optional(v.nullable(v.string())),
});

export const PodSchema = v.looseObject({
  id: v.pipe(v.string(), v.nonEmpty()),
  name: v.string(),
  status: v.picklist(POD_STATUSES),
  image: v.optional(v.nullable(v.string())),
  ports: v.optional(v.nullable(v.array(v.string()))),
  env: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
  gpu: v.optional(v.nullable(v.looseObject({ id: v.string(), count: v.optional(v.number()) }))),
  cost: v.optional(v.nullable(v.number())),
  dataCenterId: v.optional(v.nullable(v.string())),
  runtime: v.optional(v.nullable(v.looseObject({ ports: v.optional(v.nullable(v.array(RuntimePortSchema))) }))),
  createdAt: v.optional(v.nullable(v.string())),
});
export type Pod = v.InferOutput<typeof PodSchema>;

export const ListPodsSchema = v.looseObject({ pods: v.array(PodSchema) });

/** `POST /v2/pods` body (`CreatePodRequest`), the fields Atlas sets. */
export interface CreatePodBody {
  name: string;
  image?: string;
  templateId?: string;
  gpu: { id: string; count: number };
  cloud?: 'SECURE' | 'COMMUNITY';
  dataCenterIds?: string[];
  ports?: string[];
  env?: Record<string, string>;
  disk?: number;
  mounts?: { persistent: { size: number; path: string } } | { network: [{ volumeId: string; path: string }] };
  [providerOption: string]: unknown;
}

export type PodAction = 'start' | 'stop' | 'restart' | 'terminate';
