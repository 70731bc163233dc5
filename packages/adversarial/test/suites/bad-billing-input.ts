import type { AtlasError } from '@atlas/core';
import { createRunPod } from '@atlas/runpod';
import { createVast } from '@atlas/vast';
import { describe, expect, it } from 'vitest';
import { countingFetch } from '../helpers/counting-fetch.js';
import type { Select } from '../helpers/pending.js';
import { rejectionOf } from '../helpers/runpod.js';

/**
 * Bad billing queries never reach a cloud: RunPod's `billing.pods` and `billing.totalUsd`, Vast.ai's
 * `billing.charges` and `billing.totalUsd` reject each with AtlasError `validation` whose issues name
 * the field, and the fetch behind them is never called. A misspelled filter matters most here: read
 * as "no filter", it would bill the whole account.
 */

const FROM = Date.UTC(2026, 11, 1, 9);
const TO = FROM + 3_600_000;

interface BadQuery {
  readonly label: string;
  /** The field the rejection must name ('' for the query as a whole). */
  readonly field: string;
  readonly query: unknown;
}

/** Instants no caller means, in `from` and then in `to`. */
const BAD_INSTANTS: readonly [string, unknown][] = [
  ['a word', 'yesterday'],
  ['a date that does not exist', '2026-02-30T00:00:00Z'],
  ['a date without a time', '2026-12-01'],
  ['a date-time without an offset', '2026-12-01T09:00:00'],
  ['an invalid Date', new Date(Number.NaN)],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a negative number', -1],
  ['a fraction of a millisecond', FROM + 0.5],
  ['past the last instant a Date holds', 8.64e15 + 1],
  ['null', null],
  ['an object', { at: FROM }],
];

/** What every billing call must refuse: bad instants, a window that ends before it starts, a stray key. */
const WINDOW_CASES: readonly BadQuery[] = [
  ...BAD_INSTANTS.flatMap(([label, bad]) => [
    { label: `from is ${label}`, field: 'from', query: { from: bad, to: TO } },
    { label: `to is ${label}`, field: 'to', query: { from: FROM, to: bad } },
  ]),
  { label: 'to before from', field: 'to', query: { from: TO, to: FROM } },
  { label: 'to equal to from', field: 'to', query: { from: FROM, to: FROM } },
  { label: 'a misspelled key (From)', field: 'From', query: { From: FROM, from: FROM, to: TO } },
  { label: 'a string for the query', field: '', query: 'last week' },
  { label: 'an array for the query', field: '', query: [FROM, TO] },
];

const RUNPOD_CASES: readonly BadQuery[] = [
  { label: 'an unknown bucket size', field: 'bucketSize', query: { from: FROM, to: TO, bucketSize: 'minute' } },
  { label: 'a pod id with a slash', field: 'podId', query: { from: FROM, to: TO, podId: 'a/b' } },
  { label: 'an empty pod id', field: 'podId', query: { from: FROM, to: TO, podId: '' } },
  { label: 'a misspelled pod filter (podID)', field: 'podID', query: { from: FROM, to: TO, podID: 'abc' } },
];

const VAST_CASES: readonly BadQuery[] = [
  { label: 'an unknown contract type', field: 'type', query: { from: FROM, to: TO, type: 'gpu' } },
  { label: 'no contract type in a list', field: 'type', query: { from: FROM, to: TO, type: [] } },
  { label: 'an instance id with letters', field: 'instanceId', query: { from: FROM, to: TO, instanceId: 'abc' } },
  { label: 'an instance id as a number', field: 'instanceId', query: { from: FROM, to: TO, instanceId: 12 } },
  {
    label: 'a misspelled instance filter (instanceID)',
    field: 'instanceID',
    query: { from: FROM, to: TO, instanceID: '12' },
  },
  { label: 'no window', field: 'from', query: {} },
];

type Call = (query: unknown, fetch: typeof globalThis.fetch) => Promise<unknown>;

const runpodWith = (fetch: typeof globalThis.fetch) =>
  createRunPod({ apiKey: 'rp-bad-billing-key-0123456789', baseUrl: 'http://127.0.0.1:9', fetch });
const vastWith = (fetch: typeof globalThis.fetch) =>
  createVast({ apiKey: 'vast-bad-billing-key-0123456789', baseUrl: 'http://127.0.0.1:9', fetch, minIntervalMs: 0 });

const CALLS: readonly { target: string; provider: string; call: Call; cases: readonly BadQuery[] }[] = [
  {
    target: 'runpod billing.pods',
    provider: 'runpod',
    call: (query, fetch) => runpodWith(fetch).billing.pods(query as never),
    cases: [...WINDOW_CASES, ...RUNPOD_CASES],
  },
  {
    target: 'runpod billing.totalUsd',
    provider: 'runpod',
    call: (query, fetch) => runpodWith(fetch).billing.totalUsd(query as never),
    cases: [...WINDOW_CASES, ...RUNPOD_CASES, { label: 'no window', field: 'from', query: {} }],
  },
  {
    target: 'vast billing.charges',
    provider: 'vast',
    call: (query, fetch) => vastWith(fetch).billing.charges(query as never),
    cases: [...WINDOW_CASES, ...VAST_CASES],
  },
  {
    target: 'vast billing.totalUsd',
    provider: 'vast',
    call: (query, fetch) => vastWith(fetch).billing.totalUsd(query as never),
    cases: [...WINDOW_CASES, ...VAST_CASES],
  },
];

function namesField(error: AtlasError, field: string): boolean {
  if (field === '') return error.issues.length > 0;
  return error.issues.some(
    ({ path }) => path !== undefined && (path === field || path.startsWith(`${field}.`) || path.endsWith(`.${field}`)),
  );
}

export function registerBadBillingInput(select: Select): void {
  for (const { target, provider, call, cases } of CALLS) {
    const picked = cases.filter((c) => select(`${target}: ${c.label}`));
    if (picked.length === 0) continue;
    describe(target, () => {
      it.each(picked.map((c) => [c.label, c] as const))(
        '%s: validation naming the field, zero requests',
        async (_label, c) => {
          // Any request at all fails the case.
          const counter = countingFetch(async () => new Response('{}', { status: 500 }));
          const error = await rejectionOf(() => call(c.query, counter.fetch));
          expect(error.kind, error.message).toBe('validation');
          expect(error.provider).toBe(provider);
          expect(namesField(error, c.field), `issues ${JSON.stringify(error.issues)}`).toBe(true);
          expect(counter.requests()).toBe(0);
        },
      );
    });
  }
}
