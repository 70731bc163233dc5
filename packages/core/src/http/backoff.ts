/**
 * Exponential backoff with "equal jitter": half the doubled delay is fixed, half random, so
 * clients that failed together spread out, yet none retries at once. Capped at maxDelayMs.
 */
export function backoffDelay(
  retryIndex: number,
  options: { readonly backoffMs: number; readonly maxDelayMs: number },
  random: () => number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.backoffMs * 2 ** retryIndex);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
