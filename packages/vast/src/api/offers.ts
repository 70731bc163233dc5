import * as v from 'valibot';

/**
 * `POST /api/v0/bundles/` (search offers). Each filter is `{op: value}`; `order` is a list of
 * `[field, 'asc'|'desc']`. Only the fields Atlas sends are typed; the API takes many more.
 */
export type FilterOp = 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'notin';
export type Filter = Readonly<Partial<Record<FilterOp, unknown>>>;

export interface SearchOffersBody {
  readonly [field: string]: unknown;
  readonly type?: 'ondemand' | 'bid' | 'reserved';
  readonly limit?: number;
  readonly order?: readonly (readonly [string, 'asc' | 'desc'])[];
  readonly allocated_storage?: number;
}

/** An offer (an ask): `id` is what `PUT /asks/{id}/` accepts. Prices are per machine (all its GPUs). */
export const OfferSchema = v.looseObject({
  id: v.number(),
  gpu_name: v.string(),
  num_gpus: v.number(),
  gpu_ram: v.optional(v.nullable(v.number())),
  dph_total: v.number(),
  min_bid: v.optional(v.nullable(v.number())),
  reliability: v.optional(v.nullable(v.number())),
  reliability2: v.optional(v.nullable(v.number())),
  geolocation: v.optional(v.nullable(v.string())),
  verification: v.optional(v.nullable(v.string())),
  disk_space: v.optional(v.nullable(v.number())),
  machine_id: v.optional(v.nullable(v.number())),
});
export type Offer = v.InferOutput<typeof OfferSchema>;

export const SearchOffersResponseSchema = v.looseObject({ offers: v.array(OfferSchema) });

const FILTER_OPS = ['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'notin'] as const;
const FilterSchema = v.pipe(
  v.record(v.string(), v.unknown(), 'must be a filter object like { "eq": value }'),
  v.check(
    (filter) => Object.keys(filter).every((op) => (FILTER_OPS as readonly string[]).includes(op)),
    `operators are ${FILTER_OPS.join(', ')}`,
  ),
);

/** A caller's search, checked before it is sent: every field but the four below is a filter. */
export const SearchOffersBodySchema = v.objectWithRest(
  {
    type: v.optional(v.picklist(['ondemand', 'bid', 'reserved'])),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
    order: v.optional(v.array(v.tuple([v.string(), v.picklist(['asc', 'desc'])]))),
    allocated_storage: v.optional(v.pipe(v.number(), v.minValue(0))),
  },
  FilterSchema,
);
