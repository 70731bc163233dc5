import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { InstantSchema, MAX_EPOCH_MS } from '../src/provider/index.js';

const MS = Date.UTC(2026, 11, 3, 1, 30);

describe('InstantSchema: a point in time as callers have it, as epoch milliseconds', () => {
  it.each([
    ['a Date', new Date(MS)],
    ['an RFC 3339 string', '2026-12-03T01:30:00Z'],
    ['the same instant with an offset', '2026-12-03T02:30:00+01:00'],
    ['epoch milliseconds', MS],
  ])('takes %s', (_what, input) => {
    expect(v.parse(InstantSchema, input)).toBe(MS);
  });

  it.each([
    ['an invalid Date', new Date(Number.NaN)],
    ['a date that does not exist', '2026-02-30T00:00:00Z'],
    ['a date without a time', '2026-12-03'],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a negative number', -1],
    ['a fraction of a millisecond', MS + 0.5],
    ['past the last instant a Date holds', MAX_EPOCH_MS + 1],
    ['null', null],
    ['an object', { at: MS }],
  ])('refuses %s', (_what, input) => {
    expect(v.safeParse(InstantSchema, input).success).toBe(false);
  });
});
