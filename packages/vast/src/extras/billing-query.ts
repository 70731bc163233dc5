import { AtlasError } from '@atlas/core';
import { InstantSchema, parseWith } from '@atlas/core/provider';
import * as v from 'valibot';
import { CHARGE_TYPES, type ChargeType } from '../api/charges.js';
import { PROVIDER_ID } from '../settings.js';

const TypeSchema = v.picklist(CHARGE_TYPES, `must be one of ${CHARGE_TYPES.join(', ')}`);

/**
 * `billing.charges` and `billing.totalUsd`: the window (both ends required: Vast's `day` filter
 * has no default), the contract types, one instance. Strict: a misspelled filter (`instanceID`)
 * would otherwise bill the whole account silently.
 */
export const ChargesQuerySchema = v.strictObject({
  from: InstantSchema,
  /** Exclusive. */
  to: InstantSchema,
  type: v.optional(v.union([TypeSchema, v.pipe(v.array(TypeSchema), v.minLength(1, 'must name at least one type'))])),
  instanceId: v.optional(v.pipe(v.string(), v.regex(/^\d{1,18}$/, 'must be a Vast instance id (digits only)'))),
});

/** What `billing.charges` and `billing.totalUsd` take: `from` and `to` (exclusive), optionally types and one instance. */
export type ChargesQuery = v.InferInput<typeof ChargesQuerySchema>;

/** A checked query: the window in epoch ms, the types to ask for (none: every type). */
export interface ChargesWindow {
  readonly from: number;
  readonly to: number;
  readonly types?: readonly ChargeType[];
  readonly instanceId?: string;
}

/** Checks a query before any request (AtlasError `validation` naming each bad field). Pure. */
export function toChargesWindow(input: unknown, what: string): ChargesWindow {
  const query = parseWith(ChargesQuerySchema, input, what, PROVIDER_ID);
  if (query.from >= query.to) {
    const issues = [{ path: 'to', message: 'must be after from' }];
    throw new AtlasError({
      kind: 'validation',
      provider: PROVIDER_ID,
      message: `Invalid ${what}: to: must be after from`,
      issues,
    });
  }
  const types = query.type === undefined ? undefined : [...new Set([query.type].flat())];
  return {
    from: query.from,
    to: query.to,
    ...(types === undefined ? {} : { types }),
    ...(query.instanceId === undefined ? {} : { instanceId: query.instanceId }),
  };
}

/**
 * `select_filters` for a window: `day` takes unix SECONDS, both ends inclusive (the spec's January
 * is `gte 1767225600` to `lte 1769903999`), so [from, to) in ms becomes the seconds from the one
 * holding `from` to the last one before `to`. Always gte <= lte, as from < to.
 */
export function toSelectFilters(window: ChargesWindow): string {
  const filters: Record<string, unknown> = {
    day: { gte: Math.floor(window.from / 1000), lte: Math.ceil(window.to / 1000) - 1 },
    ...(window.types === undefined ? {} : { type: { in: window.types } }),
  };
  return JSON.stringify(filters);
}
