import * as v from 'valibot';

/** A pod or serverless template (`Template`); env values are scrubbed before it is returned. */
export const TemplateSchema = v.looseObject({
  id: v.pipe(v.string(), v.nonEmpty()),
  name: v.string(),
  image: v.optional(v.nullable(v.string())),
  env: v.optional(v.nullable(v.record(v.string(), v.unknown()))),
  ports: v.optional(v.nullable(v.array(v.string()))),
  serverless: v.optional(v.boolean()),
  public: v.optional(v.boolean()),
});
export type RunPodTemplate = v.InferOutput<typeof TemplateSchema>;

/** `CreateTemplateRequest`: `name` and `image` are required. */
export interface CreateTemplateInput {
  name: string;
  image: string;
  args?: string;
  disk?: number;
  env?: Record<string, string>;
  ports?: string[];
  registry?: string | null;
  category?: 'CPU' | 'NVIDIA' | 'AMD';
  mounts?: { persistent?: { size: number; path: string } };
  public?: boolean;
  serverless?: boolean;
  startJupyter?: boolean;
  startSsh?: boolean;
  allowedCudaVersions?: string[];
  [field: string]: unknown;
}
