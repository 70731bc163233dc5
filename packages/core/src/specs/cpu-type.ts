import * as v from 'valibot';
import { IsoDateSchema } from './common.js';
import { PricePerHourSchema, STOCK_LEVELS } from './gpu-type.js';

/**
 * One CPU machine offering in a provider's catalog (providers with the `cpu` capability). `id` is
 * the provider's flavor id, which a request may name as `cpu.flavor`.
 */
export const CpuTypeSchema = v.object({
  id: v.pipe(v.string(), v.nonEmpty()),
  provider: v.pipe(v.string(), v.nonEmpty()),
  displayName: v.string(),
  vcpus: v.pipe(v.number(), v.integer(), v.minValue(1)),
  memoryGb: v.optional(v.pipe(v.number(), v.minValue(0))),
  /** USD per machine per hour, by cloud type. */
  pricePerHour: PricePerHourSchema,
  stock: v.optional(v.picklist(STOCK_LEVELS)),
  observedAt: IsoDateSchema,
  raw: v.unknown(),
});
export type CpuType = v.InferOutput<typeof CpuTypeSchema>;
