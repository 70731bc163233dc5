import { describe, expect, it } from 'vitest';
import { isRfc3339 } from '../src/provider/index.js';

describe('isRfc3339: the date-time a spec’s `format: date-time` means', () => {
  it.each([
    '2026-12-03T00:00:00Z',
    '2026-12-03t23:59:59.123456z',
    '2026-02-28T12:00:00+05:30',
    '2028-02-29T00:00:00-08:00',
  ])('accepts %s', (text) => {
    expect(isRfc3339(text)).toBe(true);
  });

  it.each([
    ['a date that does not exist (Date.parse rolls it over to March)', '2026-02-30T00:00:00Z'],
    ['February 29 of a common year', '2027-02-29T00:00:00Z'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['hour 24', '2026-12-03T24:00:00Z'],
    ['no offset', '2026-12-03T00:00:00'],
    ['a date alone', '2026-12-03'],
    ['a space for the T', '2026-12-03 00:00:00Z'],
    ['epoch milliseconds as text', '1764720000000'],
    ['an empty string', ''],
    // RFC 3339 allows second 60, but a JavaScript Date cannot hold one: refused rather than shifted.
    ['a leap second', '2016-12-31T23:59:60Z'],
  ])('refuses %s', (_what, text) => {
    expect(isRfc3339(text)).toBe(false);
  });
});
