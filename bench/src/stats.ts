/** Pure statistics for the harness: no I/O, no clock, so the test can pin them down exactly. */

export interface Summary {
  readonly n: number;
  readonly median: number;
  readonly p99: number;
  readonly min: number;
  readonly max: number;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError('no samples');
  for (const value of values) {
    if (!Number.isFinite(value)) throw new RangeError(`not a finite sample: ${value}`);
  }
  return [...values].sort((a, b) => a - b);
}

/** The middle value; the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  const s = sorted(values);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it.
 * No interpolation, so p99 of 100 samples is the 99th, and of fewer than 100 it is the maximum.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100]: ${p}`);
  const s = sorted(values);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.max(0, rank - 1)]!;
}

export function p99(values: readonly number[]): number {
  return percentile(values, 99);
}

/** `value / baseline`; a baseline that is not a positive finite number is a harness bug. */
export function ratio(value: number, baseline: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(baseline) || baseline <= 0) {
    throw new RangeError(`cannot take a ratio of ${value} over ${baseline}`);
  }
  return value / baseline;
}

export function summarize(values: readonly number[]): Summary {
  const s = sorted(values);
  return { n: s.length, median: median(s), p99: p99(s), min: s[0]!, max: s[s.length - 1]! };
}
