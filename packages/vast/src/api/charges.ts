import * as v from 'valibot';

/** The contract types `select_filters.type.in` takes (`GET /api/v0/charges`). */
export const CHARGE_TYPES = ['instance', 'volume', 'serverless'] as const;
export type ChargeType = (typeof CHARGE_TYPES)[number];

/**
 * The server's page maximum (the spec: "Max results per page. Server maximum 500"). Asked for on
 * every page: a month of contracts is usually one request.
 */
export const CHARGES_PAGE_LIMIT = 500;

/**
 * One entry of a contract's breakdown: `gpu`, `disk`, `bwd` (download), `bwu` (upload). The kind is
 * read as any string, so a kind Vast adds later still counts in the contract's amount instead of
 * failing the whole bill.
 */
const ChargeItemSchema = v.looseObject({
  type: v.string(),
  amount: v.number(),
  start: v.optional(v.nullable(v.number())),
  end: v.optional(v.nullable(v.number())),
});

/**
 * One contract's charges (`results[]`): `start`/`end` in unix seconds, `amount` in USD (rounded to
 * 3 decimals by Vast), `source` `instance-<id>` or `volume-<id>`.
 */
export const ChargeSchema = v.looseObject({
  start: v.number(),
  end: v.number(),
  type: v.string(),
  source: v.string(),
  description: v.optional(v.nullable(v.string())),
  amount: v.number(),
  metadata: v.optional(v.nullable(v.looseObject({ label: v.optional(v.nullable(v.string())) }))),
  items: v.optional(v.nullable(v.array(ChargeItemSchema))),
});
export type Charge = v.InferOutput<typeof ChargeSchema>;

/** `GET /api/v0/charges`: one page of contracts; `next_token` null (or absent) on the last. */
export const ChargesResponseSchema = v.looseObject({
  success: v.optional(v.boolean()),
  count: v.optional(v.number()),
  total: v.optional(v.number()),
  next_token: v.optional(v.nullable(v.string())),
  results: v.array(ChargeSchema),
});
