import { describe, expect, it } from 'vitest';
import { median, p99, percentile, ratio, summarize } from '../src/stats.js';

describe('median', () => {
  it('takes the middle of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('does not reorder the caller array', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });
  it('rejects no samples and non-finite samples', () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => median([1, Number.NaN])).toThrow(RangeError);
    expect(() => median([1, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });
});

describe('percentile and p99', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, shuffled order does not matter
  it('uses the nearest rank: p99 of 1..100 is 99, p50 is 50, p100 is the max', () => {
    expect(p99(hundred)).toBe(99);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 100)).toBe(100);
  });
  it('is the maximum when there are fewer than 100 samples', () => {
    expect(p99([1, 2, 3, 10])).toBe(10);
  });
  it('catches a single slow outlier in 1,000 samples only above the 99.9th rank', () => {
    const samples = [...Array.from({ length: 999 }, () => 1), 500];
    expect(p99(samples)).toBe(1);
    expect(percentile(samples, 100)).toBe(500);
  });
  it('rejects a percentile outside (0, 100]', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('ratio', () => {
  it('divides the value by the baseline', () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(0, 2)).toBe(0);
  });
  it('rejects a zero, negative or non-finite baseline and a non-finite value', () => {
    expect(() => ratio(1, 0)).toThrow(RangeError);
    expect(() => ratio(1, -1)).toThrow(RangeError);
    expect(() => ratio(1, Number.NaN)).toThrow(RangeError);
    expect(() => ratio(Number.POSITIVE_INFINITY, 1)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('reports count, median, p99, min and max', () => {
    expect(summarize([4, 2, 8, 6])).toEqual({ n: 4, median: 5, p99: 8, min: 2, max: 8 });
  });
});
