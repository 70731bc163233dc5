import * as v from 'valibot';

// TODO: the native shapes of __PROVIDER_ID__'s API, one schema per response you read. These are
// placeholders that the fake in test/ speaks; replace them with what your cloud really sends
// (copy field names from its API reference or OpenAPI spec), then update the fake to match.
// Lenient about extra fields (looseObject keeps them for `raw`), strict about the ones you read:
// a mismatch becomes an AtlasError of kind `contract`, never a crash further down.

export const InstanceSchema = v.looseObject({
  id: v.string(),
  name: v.nullable(v.string()),
  state: v.picklist(['pending', 'running', 'stopped', 'error']),
  gpu_type: v.string(),
  gpu_count: v.number(),
  image: v.string(),
  ip: v.nullable(v.string()),
  ports: v.array(
    v.looseObject({
      port: v.number(),
      protocol: v.picklist(['http', 'tcp']),
      url: v.optional(v.string()),
      public_port: v.optional(v.number()),
    }),
  ),
  hourly_price: v.number(),
  region: v.string(),
  created_at: v.string(),
  // The env the machine got, echoed back: where spawn finds its per-attempt marker after an ambiguous create.
  env: v.optional(v.record(v.string(), v.string())),
});
export type Instance = v.InferOutput<typeof InstanceSchema>;

// One page of GET /instances; `next_cursor` (absent or null on the last page) asks for the next one.
export const InstanceListSchema = v.looseObject({
  instances: v.array(InstanceSchema),
  next_cursor: v.nullish(v.string()),
});
// #if gpu_catalog

export const GpuTypeListSchema = v.looseObject({
  gpu_types: v.array(
    v.looseObject({
      name: v.string(),
      description: v.string(),
      memory_gb: v.number(),
      price_per_hour: v.number(),
      available: v.number(),
    }),
  ),
});
export type NativeGpuType = v.InferOutput<typeof GpuTypeListSchema>['gpu_types'][number];
// #endif

/** TODO: what your cloud's create call takes. */
export interface CreateInstanceBody {
  name: string;
  gpu_type: string;
  gpu_count: number;
  image: string;
  ports: { port: number; protocol: 'http' | 'tcp' }[];
  env: Record<string, string>;
  region?: string;
  // #if spot
  spot?: boolean;
  // #endif
  [providerOption: string]: unknown;
}
