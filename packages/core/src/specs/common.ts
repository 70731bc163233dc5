import * as v from 'valibot';
import type { GpuId } from '../catalog/gpu-ids.js';

/** A canonical GPU id; typed as GpuId so editors autocomplete the known ones. */
export const GpuIdSchema = v.custom<GpuId>(
  (input) => typeof input === 'string' && input.trim().length > 0,
  'must be a non-empty GPU id such as "h100"',
);

/** Free-form provider-only fields, merged into the outgoing body by that provider alone. */
export const ProviderOptionsSchema = v.record(v.string(), v.unknown());

/** ISO 8601 timestamp strings, as every result carries them. */
export const IsoDateSchema = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'));
