import * as v from 'valibot';
import type { GpuId } from '../catalog/gpu-ids.js';

/** A canonical GPU id; typed as GpuId so editors autocomplete the known ones. */
export const GpuIdSchema = v.custom<GpuId>(
  (input) => typeof input === 'string' && input.trim().length > 0,
  'must be a non-empty GPU id such as "h100"',
);

/** valibot's record() accepts arrays (`[1]` becomes `{"0": 1}`); maps of fields must be plain objects. */
export function plainObject<T extends Record<string, unknown>>() {
  return v.custom<T>(
    (input) => typeof input === 'object' && input !== null && !Array.isArray(input),
    'must be an object',
  );
}

/** Free-form provider-only fields, merged into the outgoing body by that provider alone. */
export const ProviderOptionsSchema = v.pipe(plainObject(), v.record(v.string(), v.unknown()));

/** Counts and durations. The issue path already names the field, so messages say only what is wrong. */
export const PositiveIntSchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be an integer'),
  v.minValue(1, 'must be at least 1'),
);

/** ISO 8601 timestamp strings, as every result carries them. */
export const IsoDateSchema = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'));

/**
 * One message function for every object schema, so a missing field reads "is required" and an
 * unknown one "is not a known field" instead of valibot's generic "Invalid key: Expected ...".
 */
export function objectMessage(issue: v.ObjectIssue | v.StrictObjectIssue | v.LooseObjectIssue): string {
  if (issue.expected === 'never') return 'is not a known field';
  if (issue.expected.startsWith('"')) return 'is required';
  return `must be an object, got ${issue.received}`;
}
