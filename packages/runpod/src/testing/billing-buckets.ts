/**
 * The spec's `BillingBucketSize`. The fake keeps its own copy of what the spec says, as it does of
 * the request schemas, so a mistake in the provider's reading of the spec cannot hide in both.
 */
export const BUCKET_SIZES = ['hour', 'day', 'week', 'month', 'year'] as const;
export type BucketSize = (typeof BUCKET_SIZES)[number];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The UTC start of the bucket that holds `t` (weeks start on Monday, as ISO 8601 weeks do). */
export function bucketStart(t: number, size: BucketSize): number {
  const date = new Date(t);
  switch (size) {
    case 'hour':
      return Math.floor(t / HOUR_MS) * HOUR_MS;
    case 'day':
      return Math.floor(t / DAY_MS) * DAY_MS;
    case 'week': {
      const day = Math.floor(t / DAY_MS) * DAY_MS;
      return day - ((date.getUTCDay() + 6) % 7) * DAY_MS;
    }
    case 'month':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
    case 'year':
      return Date.UTC(date.getUTCFullYear(), 0, 1);
  }
}

/** The start of the bucket `n` buckets after (or before, n < 0) the one starting at `start`. */
export function addBuckets(start: number, size: BucketSize, n: number): number {
  const date = new Date(start);
  switch (size) {
    case 'hour':
      return start + n * HOUR_MS;
    case 'day':
      return start + n * DAY_MS;
    case 'week':
      return start + n * 7 * DAY_MS;
    case 'month':
      return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + n, 1);
    case 'year':
      return Date.UTC(date.getUTCFullYear() + n, 0, 1);
  }
}

/** `t` itself when it is on a boundary, else the end of its bucket (the spec's endTime rule). */
export function snapUp(t: number, size: BucketSize): number {
  const start = bucketStart(t, size);
  return start === t ? t : addBuckets(start, size, 1);
}
