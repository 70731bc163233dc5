const HOUR_MS = 3_600_000;

/**
 * What a machine billed at `pricePerHour` costs between two instants (ms since the epoch), in USD
 * rounded to 1/10,000 of a dollar. Nothing is billed before it starts or after it ends, so a span
 * that ends before it starts costs 0.
 */
export function spendUsd(pricePerHour: number, billedFromMs: number, billedToMs: number): number {
  if (!(pricePerHour > 0) || !(billedToMs > billedFromMs)) return 0;
  return Math.round(((pricePerHour * (billedToMs - billedFromMs)) / HOUR_MS) * 10_000) / 10_000;
}

/** How long `budgetUsd` lasts at `pricePerHour` (ms); Infinity for a free machine. */
export function msUntilBudget(pricePerHour: number, budgetUsd: number): number {
  if (!(pricePerHour > 0)) return Number.POSITIVE_INFINITY;
  return Math.max(0, Math.floor((budgetUsd / pricePerHour) * HOUR_MS));
}
