import * as v from 'valibot';
import { dataOf, RegionSchema } from './envelope.js';

/** `InstanceType`: what a machine is, priced per instance in US cents per hour. */
export const InstanceTypeSchema = v.looseObject({
  name: v.pipe(v.string(), v.nonEmpty()),
  description: v.optional(v.string()),
  gpu_description: v.optional(v.string()),
  price_cents_per_hour: v.pipe(v.number(), v.minValue(0)),
  specs: v.looseObject({
    vcpus: v.number(),
    memory_gib: v.number(),
    storage_gib: v.number(),
    gpus: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
});
export type InstanceType = v.InferOutput<typeof InstanceTypeSchema>;

/** `GET /instance-types`: a map from type name to the type and the regions that have capacity for it now. */
export const InstanceTypesSchema = dataOf(
  v.record(
    v.string(),
    v.looseObject({ instance_type: InstanceTypeSchema, regions_with_capacity_available: v.array(RegionSchema) }),
  ),
);
export type InstanceTypesEntry = v.InferOutput<typeof InstanceTypesSchema>['data'][string];
