import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validateRequest, validateResponse } from './contract/spec-validator.js';
import { BASE, KEY, provider, rejection, useNock } from './helpers.js';

useNock();

afterEach(() => {
  vi.useRealTimers();
});

const HOUR = 3_600_000;
/** 2026-06-01T00:00:00Z in unix seconds. */
const DAY0 = 1_780_272_000;

/** A contract row as the spec's example has it, over [start, end] (unix seconds). */
function charge(id: number, start: number, end: number, items: Record<string, number>, type = 'instance') {
  const amount = Object.values(items).reduce((sum, x) => sum + x, 0);
  return {
    start,
    end,
    type,
    source: `${type}-${id}`,
    description: `Instance ${id} Charges - ${(end - start) / 3600} hours`,
    amount,
    metadata: { label: `box-${id}` },
    items: Object.entries(items).map(([kind, value]) => ({
      start,
      end,
      type: kind,
      source: null,
      description: `${value} at $1/hour`,
      amount: value,
      metadata: {},
      items: [],
    })),
  };
}

function page(results: unknown[], nextToken: string | null = null) {
  return { success: true, count: results.length, total: results.length, next_token: nextToken, results };
}

/** Answers each page in turn, recording every query string; the request must carry the key. */
function chargesPages(...pages: unknown[]) {
  const seen: URLSearchParams[] = [];
  const scope = nock(BASE, { reqheaders: { authorization: `Bearer ${KEY}` } });
  for (const body of pages) {
    scope
      .get('/api/v0/charges/')
      .query(true)
      .reply((req: Request) => {
        seen.push(new URL(req.url).searchParams);
        return [200, body];
      });
  }
  return seen;
}

function specViolations(seen: readonly URLSearchParams[], pages: readonly unknown[]): string[] {
  return [
    ...seen.flatMap((query) => validateRequest('GET', '/api/v0/charges/', query, undefined)),
    ...pages.flatMap((body) => validateResponse('GET', '/api/v0/charges/', 200, body, 'application/json')),
  ];
}

describe('billing.charges: GET /api/v0/charges', () => {
  it('sends the window as the `day` filter in unix seconds (lte inclusive), the page maximum, nothing else', async () => {
    const answer = page([]);
    const seen = chargesPages(answer, answer, answer);
    const window = { from: DAY0 * 1000, to: (DAY0 + 86_400) * 1000 };
    await provider().billing.charges(window);
    await provider().billing.charges({ from: new Date(window.from), to: '2026-06-02T02:00:00+02:00' });
    // A window inside one second: from's second, to the one before to (here the same).
    await provider().billing.charges({ from: window.from + 200, to: window.from + 700, type: 'volume' });
    const queries = seen.map((query) => Object.fromEntries(query));
    expect(queries[0]).toEqual({
      select_filters: JSON.stringify({ day: { gte: DAY0, lte: DAY0 + 86_399 } }),
      limit: '500',
    });
    expect(queries[1]).toEqual(queries[0]);
    expect(JSON.parse(queries[2]!.select_filters!)).toEqual({
      day: { gte: DAY0, lte: DAY0 },
      type: { in: ['volume'] },
    });
    expect(specViolations(seen, [answer])).toEqual([]);
  });

  it('normalizes each contract: instance id, period, USD by kind; raw as sent', async () => {
    const instance = charge(31337, DAY0, DAY0 + 4 * 3600, { gpu: 1.6, disk: 0.02, bwd: 0.05, bwu: 0.01 });
    const volume = charge(77, DAY0, DAY0 + 86_400, { disk: 0.3 }, 'volume');
    const answer = page([instance, volume]);
    const seen = chargesPages(answer);
    const charges = await provider().billing.charges({ from: DAY0 * 1000, to: (DAY0 + 86_400) * 1000 });
    expect(charges).toHaveLength(2);
    expect(charges[0]).toMatchObject({
      type: 'instance',
      source: 'instance-31337',
      instanceId: '31337',
      from: '2026-06-01T00:00:00.000Z',
      to: '2026-06-01T04:00:00.000Z',
      amountUsd: instance.amount,
      gpuUsd: 1.6,
      diskUsd: 0.02,
      description: instance.description,
    });
    expect(charges[0]!.bandwidthUsd).toBeCloseTo(0.06, 12);
    expect(charges[0]!.raw).toEqual(instance);
    expect(charges[1]).toMatchObject({ type: 'volume', source: 'volume-77', amountUsd: 0.3, gpuUsd: 0, diskUsd: 0.3 });
    expect(charges[1]).not.toHaveProperty('instanceId');
    expect(specViolations(seen, [answer])).toEqual([]);
  });

  it('follows next_token to the last page, in order', async () => {
    const pages = [
      page([charge(1, DAY0, DAY0 + 3600, { gpu: 1 })], 'tok-1'),
      page([charge(2, DAY0, DAY0 + 3600, { gpu: 2 }), charge(3, DAY0, DAY0 + 3600, { gpu: 3 })], 'tok-2'),
      page([charge(4, DAY0, DAY0 + 3600, { gpu: 4 })]),
    ];
    const seen = chargesPages(...pages);
    const charges = await provider().billing.charges({ from: DAY0 * 1000, to: (DAY0 + 3600) * 1000 });
    expect(charges.map((c) => c.instanceId)).toEqual(['1', '2', '3', '4']);
    expect(seen.map((query) => query.get('after_token'))).toEqual([null, 'tok-1', 'tok-2']);
    // Every page asks for the same window.
    expect(new Set(seen.map((query) => query.get('select_filters'))).size).toBe(1);
    expect(specViolations(seen, pages)).toEqual([]);
  });

  it('a cursor that comes back to a page already read is a contract error, not a bill read twice', async () => {
    const seen = chargesPages(
      page([charge(1, DAY0, DAY0 + 3600, { gpu: 1 })], 'tok-1'),
      page([charge(2, DAY0, DAY0 + 3600, { gpu: 1 })], 'tok-2'),
      page([charge(1, DAY0, DAY0 + 3600, { gpu: 1 })], 'tok-1'),
    );
    const error = await rejection(() => provider().billing.totalUsd({ from: DAY0 * 1000, to: (DAY0 + 3600) * 1000 }));
    expect(error.kind).toBe('contract');
    expect(error.message).toContain('next_token');
    expect(seen).toHaveLength(3);
  });

  it('instanceId keeps that instance only (Vast has no such filter: the window is asked as is)', async () => {
    const seen = chargesPages(
      page([charge(5, DAY0, DAY0 + 3600, { gpu: 1 }), charge(55, DAY0, DAY0 + 3600, { gpu: 2 })]),
    );
    const charges = await provider().billing.charges({
      from: DAY0 * 1000,
      to: (DAY0 + 3600) * 1000,
      instanceId: '5',
    });
    expect(charges.map((c) => c.source)).toEqual(['instance-5']);
    expect(JSON.parse(seen[0]!.get('select_filters')!)).toEqual({ day: { gte: DAY0, lte: DAY0 + 3599 } });
  });

  it('raw never carries the API key, even when an answer echoes it', async () => {
    const echoed = { ...charge(9, DAY0, DAY0 + 3600, { gpu: 1 }), description: `charged to ${KEY}` };
    chargesPages({ ...page([echoed]), note: KEY });
    const [row] = await provider().billing.charges({ from: DAY0 * 1000, to: (DAY0 + 3600) * 1000 });
    expect(JSON.stringify(row!.raw)).not.toContain(KEY);
    expect(JSON.stringify(row!.raw)).toContain('charged to');
  });

  it('an answer without the results the spec promises is a contract error', async () => {
    chargesPages({ success: true, next_token: null });
    const error = await rejection(() => provider().billing.charges({ from: DAY0 * 1000, to: (DAY0 + 3600) * 1000 }));
    expect(error.kind).toBe('contract');
  });
});

describe('billing.totalUsd: what instances cost in a window (the reconciliation read)', () => {
  it('asks for instances only, and prorates each contract to the part of its period inside the window', async () => {
    const answer = page([
      // 4 h at $1/h: one hour of it falls in the window.
      charge(1, DAY0, DAY0 + 4 * 3600, { gpu: 3.9, disk: 0.1 }),
      // Starts half an hour into the window, lasts one hour: half of it.
      charge(2, DAY0 + 5400, DAY0 + 9000, { gpu: 2 }),
      // The same day, but over before the window: nothing.
      charge(3, DAY0, DAY0 + 1800, { gpu: 5 }),
    ]);
    const seen = chargesPages(answer);
    const total = await provider().billing.totalUsd({ from: (DAY0 + 3600) * 1000, to: (DAY0 + 7200) * 1000 });
    expect(total).toBeCloseTo(1 + 1, 12);
    expect(JSON.parse(seen[0]!.get('select_filters')!)).toEqual({
      day: { gte: DAY0 + 3600, lte: DAY0 + 7199 },
      type: { in: ['instance'] },
    });
    expect(specViolations(seen, [answer])).toEqual([]);
  });

  it('a live contract whose period runs past now has accrued nothing after now', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: (DAY0 + 2 * 3600) * 1000 });
    // Vast reports $2 so far over a period it says ends tomorrow; two hours have passed.
    chargesPages(page([charge(7, DAY0, DAY0 + 86_400, { gpu: 2 })]));
    const total = await provider().billing.totalUsd({ from: (DAY0 + 3600) * 1000, to: (DAY0 + 2 * 3600) * 1000 });
    expect(total).toBeCloseTo(1, 12);
  });

  it('one instance, or other types when asked', async () => {
    const seen = chargesPages(
      page([charge(5, DAY0, DAY0 + 3600, { gpu: 1 }), charge(55, DAY0, DAY0 + 3600, { gpu: 2 })]),
      page([charge(8, DAY0, DAY0 + 3600, { disk: 0.5 }, 'volume')]),
    );
    const window = { from: DAY0 * 1000, to: (DAY0 + 3600) * 1000 };
    expect(await provider().billing.totalUsd({ ...window, instanceId: '55' })).toBe(2);
    expect(await provider().billing.totalUsd({ ...window, type: ['volume', 'volume'] })).toBe(0.5);
    expect(JSON.parse(seen[1]!.get('select_filters')!).type).toEqual({ in: ['volume'] });
  });

  it('an empty bill is zero, not an error', async () => {
    chargesPages(page([]));
    expect(await provider().billing.totalUsd({ from: DAY0 * 1000, to: (DAY0 + 3600) * 1000 })).toBe(0);
  });
});

describe('billing: bad input is refused before any request', () => {
  // useNock has turned the network off and no interceptor exists: a request would fail as transport.
  const from = DAY0 * 1000;
  const cases: [string, unknown, string[]][] = [
    ['no window', {}, ['from', 'to']],
    ['no end', { from }, ['to']],
    ['from after to', { from: from + HOUR, to: from }, ['to']],
    ['an empty window', { from, to: from }, ['to']],
    ['NaN', { from: Number.NaN, to: from }, ['from']],
    ['Infinity', { from, to: Number.POSITIVE_INFINITY }, ['to']],
    ['negative epoch ms', { from: -1, to: from }, ['from']],
    ['fractional epoch ms', { from: from + 0.5, to: from + HOUR }, ['from']],
    ['an invalid Date', { from: new Date('nope'), to: from }, ['from']],
    ['an impossible date', { from: '2026-02-30T00:00:00Z', to: from }, ['from']],
    ['a date without a zone', { from: '2026-06-01T00:00:00', to: from }, ['from']],
    ['unix seconds for a string', { from: String(DAY0), to: from }, ['from']],
    ['an unknown type', { from, to: from + HOUR, type: 'gpu' }, ['type']],
    ['no types', { from, to: from + HOUR, type: [] }, ['type']],
    ['an instance id that is no Vast id', { from, to: from + HOUR, instanceId: '../charges' }, ['instanceId']],
    ['a misspelled filter', { from, to: from + HOUR, instanceID: '5' }, ['instanceID']],
  ];
  it.each(cases)('%s', async (_name, query, paths) => {
    for (const call of [provider().billing.charges, provider().billing.totalUsd]) {
      const error = await rejection(() => call(query as never));
      expect(error.kind).toBe('validation');
      expect(error.provider).toBe('vast');
      expect(error.issues?.map((issue) => issue.path)).toEqual(paths);
      expect(error.message).toContain(paths[0]);
    }
  });

  it('a query that is not an object', async () => {
    expect((await rejection(() => provider().billing.charges('last week' as never))).kind).toBe('validation');
    expect((await rejection(() => provider().billing.totalUsd(null as never))).kind).toBe('validation');
  });

  it('bad input is refused even without a key: the query is checked first', async () => {
    const saved = process.env.VAST_API_KEY;
    delete process.env.VAST_API_KEY;
    try {
      const error = await rejection(() =>
        provider({ apiKey: undefined as never }).billing.totalUsd({ from: 5, to: 1 }),
      );
      expect(error.kind).toBe('validation');
    } finally {
      if (saved !== undefined) process.env.VAST_API_KEY = saved;
    }
  });
});

describe('billing: failures are AtlasErrors by the existing rules, without the key', () => {
  const window = { from: DAY0 * 1000, to: (DAY0 + 3600) * 1000 };
  const charges = () => nock(BASE).get('/api/v0/charges/').query(true);

  it('401: unauthorized; neither the message nor raw holds the key, even when echoed', async () => {
    charges().reply(401, { success: false, error: 'auth_error', msg: `Invalid user key ${KEY}` });
    const error = await rejection(() => provider().billing.totalUsd(window));
    expect(error.kind).toBe('unauthorized');
    expect(error.status).toBe(401);
    expect(error.message).not.toContain(KEY);
    expect(JSON.stringify(error.toJSON())).not.toContain(KEY);
    expect(JSON.stringify(error.raw ?? null)).not.toContain(KEY);
  });

  it('429 in plain text (no Retry-After): rate_limited, retried as a read, then read', async () => {
    charges().reply(429, 'API requests too frequent endpoint threshold=1.0');
    charges().reply(200, page([charge(1, DAY0, DAY0 + 3600, { gpu: 0.4 })]));
    const retries: string[] = [];
    const total = await provider({ retry: { limit: 2, backoffMs: 1, maxDelayMs: 5 } }).billing.totalUsd(window, {
      hooks: { onRetry: (event) => retries.push(event.reason) },
    });
    expect(total).toBe(0.4);
    expect(retries).toEqual(['429']);
  });

  it('429 as the spec writes it ({detail}), out of retries: rate_limited', async () => {
    charges().reply(429, { detail: 'API requests too frequent endpoint threshold=1.0' });
    const error = await rejection(() => provider().billing.charges(window));
    expect(error.kind).toBe('rate_limited');
    expect(validateResponse('GET', '/api/v0/charges', 429, { detail: 'x' }, 'application/json')).toEqual([]);
  });

  it('5xx: a provider error, retried and then surfaced', async () => {
    charges().times(2).reply(503, 'Service Unavailable');
    const error = await rejection(() =>
      provider({ retry: { limit: 1, backoffMs: 1, maxDelayMs: 2 } }).billing.totalUsd(window),
    );
    expect(error.kind).toBe('provider');
    expect(error.status).toBe(503);
  });

  it('a 5xx on a later page fails the whole read: no partial bill', async () => {
    charges().reply(200, page([charge(1, DAY0, DAY0 + 3600, { gpu: 1 })], 'tok-1'));
    charges().reply(500, 'Internal Server Error');
    expect((await rejection(() => provider().billing.totalUsd(window))).kind).toBe('provider');
  });

  it('400 invalid_token (a cursor Vast cannot decode): validation, its msg kept', async () => {
    charges().reply(400, { success: false, error: 'invalid_token', msg: 'Invalid pagination token' });
    const error = await rejection(() => provider().billing.charges(window));
    expect(error.kind).toBe('validation');
    expect(error.message).toContain('Invalid pagination token');
  });

  it('an already aborted signal sends nothing', async () => {
    const error = await rejection(() => provider().billing.totalUsd(window, { signal: AbortSignal.abort() }));
    expect(error.kind).toBe('transport');
  });

  it('the caller aborts while the first of two pages is in flight: transport, no second request', async () => {
    const controller = new AbortController();
    nock(BASE)
      .get('/api/v0/charges/')
      .query(true)
      .reply(() => {
        controller.abort();
        return [200, page([charge(1, DAY0, DAY0 + 3600, { gpu: 1 })], 'tok-1')];
      });
    const error = await rejection(() => provider().billing.totalUsd(window, { signal: controller.signal }));
    expect(error.kind).toBe('transport');
  });

  it('a missing key fails before any request, naming VAST_API_KEY', async () => {
    const saved = process.env.VAST_API_KEY;
    delete process.env.VAST_API_KEY;
    try {
      const error = await rejection(() =>
        provider({ apiKey: undefined as never }).billing.totalUsd(window, {
          fetch: () => Promise.reject(new Error('sent')),
        }),
      );
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toContain('VAST_API_KEY');
    } finally {
      if (saved !== undefined) process.env.VAST_API_KEY = saved;
    }
  });
});
