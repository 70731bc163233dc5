import { lazyRaw, scrubRaw } from '@atlas/core/provider';
import type { Charge } from '../api/charges.js';

/** One contract's charges over the days asked for (`GET /api/v0/charges`), in USD. */
export interface VastCharge {
  /** The contract type as Vast sent it: `instance` or `volume` (`serverless` with other formats). */
  readonly type: string;
  /** What was charged, as Vast names it: `instance-<id>`, `volume-<id>`. */
  readonly source: string;
  /** The instance, as `Compute.id` names it, on an instance's row (`source` `instance-<id>`). */
  readonly instanceId?: string;
  /** Start of the charged period, inclusive (RFC 3339, from Vast's unix seconds). */
  readonly from: string;
  /** End of the charged period. */
  readonly to: string;
  /** What the contract cost over the period, in USD (Vast's `amount`, rounded by Vast to 3 decimals). */
  readonly amountUsd: number;
  /** The GPU's share (`gpu` items). */
  readonly gpuUsd: number;
  /** Storage (`disk` items), charged while the instance exists, stopped or not. */
  readonly diskUsd: number;
  /** Traffic, both ways (`bwd` and `bwu` items). */
  readonly bandwidthUsd: number;
  /** Vast's own line, e.g. `Instance 12345678 Charges - 4 days`. */
  readonly description?: string;
  /** The contract as Vast sent it, computed on first read. */
  readonly raw: unknown;
}

const seconds = (unix: number) => new Date(unix * 1000).toISOString();

function itemsUsd(charge: Charge, kinds: readonly string[]): number {
  let usd = 0;
  for (const item of charge.items ?? []) if (kinds.includes(item.type)) usd += item.amount;
  return usd;
}

export function toVastCharge(charge: Charge): VastCharge {
  const instanceId = /^instance-(\d+)$/.exec(charge.source)?.[1];
  const description = charge.description ?? undefined;
  return lazyRaw<VastCharge>(
    {
      type: charge.type,
      source: charge.source,
      ...(instanceId === undefined ? {} : { instanceId }),
      from: seconds(charge.start),
      to: seconds(charge.end),
      amountUsd: charge.amount,
      gpuUsd: itemsUsd(charge, ['gpu']),
      diskUsd: itemsUsd(charge, ['disk']),
      bandwidthUsd: itemsUsd(charge, ['bwd', 'bwu']),
      ...(description === undefined ? {} : { description }),
    },
    () => scrubRaw(charge),
  );
}

/**
 * The part of a contract's amount that falls in [from, to) (epoch ms), prorated by time: Vast
 * gives one amount per contract over its period (`start` to `end`), not per hour, so the amount is
 * spread evenly over that period. That is exact for a contract that accrued at one rate (an
 * instance running all along); one stopped for a while accrued disk only then, and its share of
 * a window is an approximation. The period ends at `now` at the latest: a live contract has
 * accrued nothing in the future. A period of no length counts whole when it starts in the window.
 * The same rule as the orchestrator's estimate for an ended session.
 */
export function amountWithin(charge: Pick<Charge, 'start' | 'end' | 'amount'>, from: number, to: number, now: number) {
  const start = charge.start * 1000;
  const end = Math.max(start, Math.min(charge.end * 1000, now));
  if (end === start) return start >= from && start < to ? charge.amount : 0;
  const overlap = Math.min(end, to) - Math.max(start, from);
  return overlap > 0 ? (charge.amount * overlap) / (end - start) : 0;
}
