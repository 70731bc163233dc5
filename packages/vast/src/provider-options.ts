import { assertProviderOptions, parseWith } from '@atlas/core/provider';
import * as v from 'valibot';
import { PROVIDER_ID } from './settings.js';

const RUNTYPES = ['ssh', 'ssh_direct', 'ssh_proxy', 'jupyter', 'jupyter_direct', 'jupyter_proxy', 'args'] as const;

/**
 * `providerOptions` Vast understands, checked before any request. Keys the contract owns (label,
 * env, image, disk, price) are not among them: they come from the request's own fields.
 */
export const VastProviderOptionsSchema = v.strictObject({
  /** Highest price for the whole instance (all its GPUs), USD per hour; filters offers by `dph_total`. */
  maxPricePerHour: v.optional(v.pipe(v.number(), v.minValue(0, 'must be >= 0'))),
  /** Reliability floor, 0 to 1 (Vast's host score); filters offers by `reliability`. */
  minReliability: v.optional(v.pipe(v.number(), v.minValue(0, 'must be >= 0'), v.maxValue(1, 'must be <= 1'))),
  /** Rent from verified hosts only (default true). */
  verified: v.optional(v.boolean('must be a boolean')),
  /** With `spot: true`: the bid, USD per hour for the instance (default: each offer's `min_bid`). */
  bidPerHour: v.optional(v.pipe(v.number(), v.minValue(0.001, 'must be >= 0.001'), v.maxValue(128, 'must be <= 128'))),
  /** How many offers to try, cheapest first, when asks vanish before they are accepted (default 3). */
  maxOffers: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1, 'must be >= 1'), v.maxValue(10, 'must be <= 10')),
  ),
  /** Disk in GB (default: containerDiskGb + volumeGb, or 10). */
  diskGb: v.optional(v.pipe(v.number(), v.minValue(1, 'must be >= 1'))),
  /** Launch mode (default 'ssh_direct' when ports are requested, else 'ssh'). */
  runtype: v.optional(v.picklist(RUNTYPES)),
  /** Shell commands run when the container starts (at most 4048 characters). */
  onstart: v.optional(v.pipe(v.string(), v.maxLength(4048, 'must be at most 4048 characters'))),
  /** Arguments for the image entrypoint (runtype 'args'). */
  args: v.optional(v.array(v.string())),
  /** Registry credentials (`-u user -p token registry`), registered as a secret. */
  imageLogin: v.optional(v.string()),
  /**
   * Native fields of the rent (`PUT /api/v0/asks/{id}/`), merged deeply into the body Atlas built
   * (`{ use_jupyter_lab: true, volume_info: {...} }`). What the contract sets is refused: see ASK_OWNED.
   */
  ask: v.optional(v.record(v.string(), v.unknown())),
});

export type VastProviderOptions = v.InferOutput<typeof VastProviderOptionsSchema>;

/** Fields of the rent body that come from the request itself (and the marker's label), never from `ask`. */
export const ASK_OWNED = ['image', 'template_hash_id', 'label', 'disk', 'env', 'price', 'target_state'].map(
  (field) => `ask.${field}`,
);

export function parseVastOptions(options: unknown): VastProviderOptions {
  if (options === undefined) return {};
  const parsed = parseWith(
    v.object({ providerOptions: VastProviderOptionsSchema }),
    { providerOptions: options },
    'compute request',
    PROVIDER_ID,
  );
  assertProviderOptions(parsed.providerOptions, { provider: PROVIDER_ID, owned: ASK_OWNED });
  return parsed.providerOptions;
}
