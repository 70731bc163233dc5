import * as v from 'valibot';
import { isRfc3339 } from './rfc3339.js';

/** The latest instant a Date can hold; epoch milliseconds beyond it have no ISO form. */
export const MAX_EPOCH_MS = 8.64e15;

/**
 * A point in time as callers have it: a Date, an RFC 3339 string, or epoch milliseconds (what
 * session stores keep), as epoch milliseconds. For the windows of billing queries and the like; a
 * provider turns it into what its API takes (RunPod: RFC 3339, Vast.ai: unix seconds).
 */
export const InstantSchema = v.pipe(
  v.union(
    [
      v.date(),
      v.pipe(v.string(), v.check(isRfc3339)),
      v.pipe(
        v.number(),
        v.check(
          (ms) => Number.isInteger(ms) && ms >= 0 && ms <= MAX_EPOCH_MS,
          'must be whole epoch milliseconds, from 0 to 8.64e15',
        ),
      ),
    ],
    'must be a valid Date, an RFC 3339 date-time (2026-06-01T00:00:00Z) or epoch milliseconds',
  ),
  v.transform((instant) => new Date(instant).getTime()),
);
