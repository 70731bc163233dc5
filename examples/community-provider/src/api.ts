import * as v from 'valibot';

// Acme's native response shapes. Lenient about extra fields (looseObject keeps them for `raw`),
// strict about the ones we read: a mismatch becomes an AtlasError of kind `contract`.

export const AcmeInstanceSchema = v.looseObject({
  id: v.string(),
  name: v.nullable(v.string()),
  state: v.picklist(['pending', 'running', 'stopped', 'error']),
  gpu_type: v.string(),
  gpu_count: v.number(),
  image: v.string(),
  ip: v.nullable(v.string()),
  ports: v.array(
    v.looseObject({ port: v.number(), protocol: v.picklist(['http', 'tcp']), url: v.optional(v.string()) }),
  ),
  hourly_price: v.number(),
  region: v.string(),
  created_at: v.string(),
});
export type AcmeInstance = v.InferOutput<typeof AcmeInstanceSchema>;

// One page of GET /instances; `next_cursor` (absent or null on the last page) asks for the next one.
export const AcmeInstanceListSchema = v.looseObject({
  instances: v.array(AcmeInstanceSchema),
  next_cursor: v.nullish(v.string()),
});

export const AcmeGpuTypeListSchema = v.looseObject({
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
export type AcmeGpuType = v.InferOutput<typeof AcmeGpuTypeListSchema>['gpu_types'][number];

/** What POST /instances takes. */
export interface AcmeCreateInstanceBody {
  name?: string;
  gpu_type: string;
  gpu_count: number;
  image: string;
  ports: { port: number; protocol: 'http' | 'tcp' }[];
  env: Record<string, string>;
  region?: string;
  [providerOption: string]: unknown;
}
