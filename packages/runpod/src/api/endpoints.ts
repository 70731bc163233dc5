import * as v from 'valibot';

/** A serverless endpoint (`Endpoint` in openapi-v2.json); env values are scrubbed before it is returned. */
export const EndpointSchema = v.looseObject({
  id: v.pipe(v.string(), v.nonEmpty()),
  name: v.string(),
  type: v.optional(v.string()),
  image: v.optional(v.nullable(v.string())),
  env: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
  dataCenterIds: v.optional(v.array(v.string())),
  networkVolumes: v.optional(v.array(v.string())),
  workers: v.optional(v.looseObject({ min: v.optional(v.number()), max: v.optional(v.number()) })),
  createdAt: v.optional(v.string()),
});
export type RunPodEndpoint = v.InferOutput<typeof EndpointSchema>;

export type EndpointScaling =
  | { type: 'QUEUE_DELAY'; queueDelay: number }
  | { type: 'REQUEST_COUNT'; requestCount: number };

/** `CreateEndpointRequest`: `name`, `type` and `scaling` are required; `image` unless `templateId`. */
export interface CreateEndpointInput {
  name: string;
  type: 'QUEUE' | 'LOAD_BALANCER';
  scaling: EndpointScaling;
  image?: string;
  templateId?: string;
  gpu?: {
    pools: string[];
    count?: number;
    excludedTypes?: string[];
    allowedCudaVersions?: string[];
    minCudaVersion?: string;
  };
  env?: Record<string, string>;
  ports?: string[];
  disk?: number;
  args?: string;
  dataCenterIds?: string[];
  networkVolumes?: string[];
  flashboot?: 'OFF' | 'FLASHBOOT' | 'PRIORITY_FLASHBOOT';
  timeout?: number;
  workers?: { min?: number; max?: number; idleTimeout?: number };
  [field: string]: unknown;
}

/** `UpdateEndpointRequest`: every field optional. */
export type UpdateEndpointInput = Partial<Omit<CreateEndpointInput, 'type'>>;
