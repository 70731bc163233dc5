import type { AtlasIssue } from '@atlas/core';
import { InstantSchema, parseWith, type QueryValue, ResourceIdSchema } from '@atlas/core/provider';
import * as v from 'valibot';
import { BILLING_BUCKET_SIZES } from '../api/billing.js';
import { assertNoIssues } from '../invalid-input.js';
import { PROVIDER_ID } from '../settings.js';

/** A point in time as callers have it (core's InstantSchema), sent as UTC RFC 3339, the spec's `format: date-time`. */
const IsoInstantSchema = v.pipe(
  InstantSchema,
  v.transform((ms) => new Date(ms).toISOString()),
);

/**
 * The window every billing call takes. `from` and `to` (exclusive) are snapped by RunPod to whole
 * buckets of `bucketSize` (default `day`); `lastN` is the last N buckets up to the current one,
 * instead of `from`/`to`. Without either, RunPod bills the last 30 days.
 */
const WindowEntries = {
  from: v.optional(IsoInstantSchema),
  to: v.optional(IsoInstantSchema),
  lastN: v.optional(v.pipe(v.number(), v.integer('must be an integer'), v.minValue(1, 'must be at least 1'))),
  bucketSize: v.optional(v.picklist(BILLING_BUCKET_SIZES, `must be one of ${BILLING_BUCKET_SIZES.join(', ')}`)),
};
const IdFilter = v.optional(ResourceIdSchema);

// Strict objects: a misspelled filter (`podID`) would otherwise bill the whole account silently.
export const BillingQuerySchema = v.strictObject(WindowEntries);
export const PodBillingQuerySchema = v.strictObject({ ...WindowEntries, podId: IdFilter });
export const ServerlessBillingQuerySchema = v.strictObject({ ...WindowEntries, endpointId: IdFilter });
export const NetworkVolumeBillingQuerySchema = v.strictObject({ ...WindowEntries, networkVolumeId: IdFilter });
/** totalUsd: an explicit window, `hour` buckets unless told (the least widening RunPod offers). */
export const PodSpendQuerySchema = v.strictObject({
  from: IsoInstantSchema,
  to: IsoInstantSchema,
  bucketSize: WindowEntries.bucketSize,
  podId: IdFilter,
});

/** `GET /v2/billing` and `GET /v2/billing/endpoints` (public endpoints): the window only. */
export type BillingQuery = v.InferInput<typeof BillingQuerySchema>;
/** `GET /v2/billing/pods`: the window, and `podId` for one pod (else one record per pod per bucket). */
export type PodBillingQuery = v.InferInput<typeof PodBillingQuerySchema>;
/** `GET /v2/billing/serverless`: the window, and `endpointId` (a serverless endpoint) for one endpoint. */
export type ServerlessBillingQuery = v.InferInput<typeof ServerlessBillingQuerySchema>;
/** `GET /v2/billing/network-volumes`: the window, and `networkVolumeId` for one volume. */
export type NetworkVolumeBillingQuery = v.InferInput<typeof NetworkVolumeBillingQuerySchema>;
/** `billing.totalUsd`: what the pods cost from `from` to `to` (exclusive), one pod's or all of them. */
export type PodSpendQuery = v.InferInput<typeof PodSpendQuerySchema>;

type NativeQuery = Readonly<Record<string, QueryValue>>;

/** The query-string names of the Atlas filters (`endpointId` is RunPod's `serverlessId`). */
const FILTER_NAMES = { podId: 'podId', endpointId: 'serverlessId', networkVolumeId: 'networkVolumeId' } as const;

/**
 * Validates a billing query before any request (AtlasError `validation` naming each bad field) and
 * translates it into RunPod's query string. Pure.
 */
export function toBillingQuery(schema: v.GenericSchema, input: unknown, what: string): NativeQuery {
  const query = parseWith(schema, input ?? {}, what, PROVIDER_ID) as {
    from?: string;
    to?: string;
    lastN?: number;
    bucketSize?: string;
  } & Partial<Record<keyof typeof FILTER_NAMES, string>>;
  const issues: AtlasIssue[] = [];
  // The spec: lastN is "mutually exclusive with startTime/endTime; provide one or the other".
  if (query.lastN !== undefined && (query.from !== undefined || query.to !== undefined)) {
    issues.push({ path: 'lastN', message: 'cannot be combined with from or to' });
  }
  if (query.from !== undefined && query.to !== undefined && Date.parse(query.from) >= Date.parse(query.to)) {
    issues.push({ path: 'to', message: 'must be after from' });
  }
  assertNoIssues(what, issues);
  const native: Record<string, QueryValue> = {
    startTime: query.from,
    endTime: query.to,
    bucketSize: query.bucketSize,
    lastN: query.lastN,
  };
  for (const [name, param] of Object.entries(FILTER_NAMES)) native[param] = query[name as keyof typeof FILTER_NAMES];
  return native;
}
