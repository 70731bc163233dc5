import * as v from 'valibot';
import { GpuIdSchema, IsoDateSchema } from './common.js';

export const STOCK_LEVELS = ['none', 'low', 'medium', 'high'] as const;
export type StockLevel = (typeof STOCK_LEVELS)[number];

const PriceSchema = v.optional(v.pipe(v.number(), v.minValue(0)));

/** USD per hour by cloud type; shared by the GPU and the CPU catalogs. */
export const PricePerHourSchema = v.object({ secure: PriceSchema, community: PriceSchema, spot: PriceSchema });

/** One GPU offering in a provider's catalog. `id` is native; `canonical` is ours when we know it. */
export const GpuTypeSchema = v.object({
  id: v.pipe(v.string(), v.nonEmpty()),
  provider: v.pipe(v.string(), v.nonEmpty()),
  canonical: v.optional(GpuIdSchema),
  displayName: v.string(),
  memoryGb: v.optional(v.pipe(v.number(), v.minValue(0))),
  /** USD per GPU per hour, by cloud type. */
  pricePerHour: PricePerHourSchema,
  /** Stock now; with stockByCloud, the best of the clouds (the GPU can be had somewhere). */
  stock: v.optional(v.picklist(STOCK_LEVELS)),
  /** Stock per cloud type, for providers whose clouds stock apart (RunPod's secure and community). */
  stockByCloud: v.optional(
    v.object({ secure: v.optional(v.picklist(STOCK_LEVELS)), community: v.optional(v.picklist(STOCK_LEVELS)) }),
  ),
  observedAt: IsoDateSchema,
  raw: v.unknown(),
});
export type GpuType = v.InferOutput<typeof GpuTypeSchema>;
