import { type Exchange, recordingFetch } from '@atlas/test-kit';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createVast } from '../src/index.js';
import { startVastFake, type VastFake } from '../src/testing/index.js';
import { validateRequest, validateResponse } from './contract/spec-validator.js';

// Other files in this worker may have turned the network off for nock; the fake is on loopback.
nock.enableNetConnect('127.0.0.1');

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 5, 1, 10);
/** The fake's storage price: $0.10 per GB-month of 730 h, inside the instance's dph_total. */
const diskPerHour = (gb: number) => (gb * 0.1) / 730;
const usd = (amount: number) => Math.round(amount * 1000) / 1000;

let fake: VastFake;
beforeAll(async () => {
  fake = await startVastFake({ provisioningMs: 1, chargesPageSize: 2 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());
afterEach(() => {
  vi.useRealTimers();
});

function vast(exchanges?: Exchange[]) {
  return createVast({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    minIntervalMs: 0,
    retry: { limit: 0 },
    ...(exchanges === undefined ? {} : { fetch: recordingFetch(exchanges) }),
  });
}

async function get(path: string) {
  const res = await fetch(`${fake.url}${path}`, { headers: { authorization: `Bearer ${fake.apiKey}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const charges = (filters: unknown, extra = '') =>
  get(`/api/v0/charges/?select_filters=${encodeURIComponent(JSON.stringify(filters))}${extra}`);

describe('Vast fake: GET /api/v0/charges bills the instances it ran', () => {
  it("a destroyed instance's bill: GPU while meant to run, disk while it existed, kept after destroy", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const provider = vast();
    const compute = await provider.spawnCompute({ gpu: 'rtx_4090', image: 'acme/infer:1', name: 'billed' });
    const disk = fake.instances.get(compute.id)!.disk_space as number;
    const price = compute.costPerHour!;
    vi.setSystemTime(T0 + 2 * HOUR);
    await provider.stop(compute.id);
    vi.setSystemTime(T0 + 3 * HOUR);
    await provider.start(compute.id);
    vi.setSystemTime(T0 + 4 * HOUR);
    await provider.terminate(compute.id);
    vi.setSystemTime(T0 + 6 * HOUR);

    expect(fake.instances.get(compute.id)).toBeUndefined();
    const rows = await provider.billing.charges({ from: T0 - HOUR, to: T0 + 6 * HOUR });
    expect(rows).toHaveLength(1);
    const gpu = (price - diskPerHour(disk)) * 3;
    expect(rows[0]).toMatchObject({
      type: 'instance',
      source: `instance-${compute.id}`,
      instanceId: compute.id,
      from: new Date(T0).toISOString(),
      to: new Date(T0 + 4 * HOUR).toISOString(),
      amountUsd: usd(gpu + diskPerHour(disk) * 4),
      gpuUsd: usd(gpu),
      diskUsd: usd(diskPerHour(disk) * 4),
      bandwidthUsd: 0,
    });
    expect(rows[0]!.raw).toMatchObject({ metadata: { label: expect.stringContaining('billed') } });
    // The stopped hour billed disk only: less than the price for each of the 4 hours.
    expect(rows[0]!.amountUsd).toBeLessThan(usd(price * 4));
  });

  it('totalUsd over a window is the price for that part of a running instance, whoever else is billed', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const provider = vast();
    const a = await provider.spawnCompute({ gpu: 'rtx_4090', image: 'acme/infer:1' });
    vi.setSystemTime(T0 + HOUR / 2);
    const b = await provider.spawnCompute({ gpu: 'h100', image: 'acme/infer:1' });
    vi.setSystemTime(T0 + 3 * HOUR);

    const hour = { from: T0 + HOUR, to: T0 + 2 * HOUR };
    expect(await provider.billing.totalUsd({ ...hour, instanceId: a.id })).toBeCloseTo(a.costPerHour!, 3);
    expect(await provider.billing.totalUsd(hour)).toBeCloseTo(a.costPerHour! + b.costPerHour!, 3);
    // The first hour: all of a, half of b.
    expect(await provider.billing.totalUsd({ from: T0, to: T0 + HOUR })).toBeCloseTo(
      a.costPerHour! + b.costPerHour! / 2,
      3,
    );
    // Before either existed, or volumes only: nothing.
    expect(await provider.billing.totalUsd({ from: T0 - 2 * HOUR, to: T0 })).toBe(0);
    expect(await provider.billing.totalUsd({ ...hour, type: 'volume' })).toBe(0);
  });

  it('reads every page (the fake serves 2 a page here), each request and answer as the spec says', async () => {
    const exchanges: Exchange[] = [];
    const provider = vast(exchanges);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await provider.spawnCompute({ gpu: 'rtx_3090', image: 'x' })).id);
    const start = exchanges.length;
    const rows = await provider.billing.charges({ from: Date.now() - HOUR, to: Date.now() + HOUR });
    const billing = exchanges.slice(start);
    expect(rows.map((row) => row.instanceId).sort()).toEqual([...ids].sort());
    expect(billing).toHaveLength(3);
    expect(billing.map((e) => e.query.get('after_token') === null)).toEqual([true, false, false]);
    const violations = billing.flatMap((e) => [
      ...validateRequest(e.method, e.path, e.query, e.requestBody),
      ...validateResponse(e.method, e.path, e.status, e.body, e.contentType),
    ]);
    expect(violations).toEqual([]);
  });

  it('honours latest_first, limit and type; clips rows to the day range to the second', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: T0 });
    const provider = vast();
    const first = await provider.spawnCompute({ gpu: 'rtx_3090', image: 'x' });
    vi.setSystemTime(T0 + HOUR);
    const second = await provider.spawnCompute({ gpu: 'rtx_3090', image: 'x' });
    vi.setSystemTime(T0 + 2 * HOUR);
    const gte = T0 / 1000;
    const day = { gte, lte: gte + 7200 - 1 };

    const latest = await charges({ day });
    const sources = (body: Record<string, unknown>) => (body.results as { source: string }[]).map((row) => row.source);
    expect(latest.status).toBe(200);
    expect(sources(latest.body)).toEqual([`instance-${second.id}`, `instance-${first.id}`]);
    expect((await charges({ day }, '&latest_first=false')).body.results).toHaveLength(2);
    expect(sources((await charges({ day }, '&latest_first=false')).body)).toEqual([
      `instance-${first.id}`,
      `instance-${second.id}`,
    ]);
    const one = await charges({ day }, '&limit=1');
    expect(one.body).toMatchObject({ count: 1, total: 2, next_token: expect.any(String) });
    expect(sources((await charges({ day, type: { in: ['volume', 'serverless'] } })).body)).toEqual([]);
    // A range that ends half an hour in: the first instance's row stops there.
    const clipped = await charges({ day: { gte, lte: gte + 1800 - 1 } });
    expect(clipped.body.results).toMatchObject([{ start: gte, end: gte + 1800, source: `instance-${first.id}` }]);
    for (const res of [latest, one, clipped]) {
      expect(validateResponse('GET', '/api/v0/charges', 200, res.body, 'application/json')).toEqual([]);
    }
  });

  it('refuses what the spec refuses: no day range, a bad cursor, an unknown type or column, a bad limit', async () => {
    const day = { gte: 1_780_272_000, lte: 1_780_358_399 };
    const cases = [
      [await get('/api/v0/charges/'), undefined],
      [await charges({ day: { gte: day.gte } }), undefined],
      [await charges({ day }, '&after_token=not-a-token'), 'invalid_token'],
      [await charges({ day, type: { in: ['gpu'] } }), 'invalid_args'],
      [await charges({ day, label: { eq: 'x' } }), 'invalid_args'],
      [await charges({ day }, '&limit=0'), 'invalid_args'],
      [await charges({ day }, '&format=csv'), 'invalid_args'],
    ] as const;
    for (const [res, code] of cases) {
      expect(res.status).toBe(400);
      expect(res.body.success).toBe(false);
      expect(res.body.error).toBe(code);
      expect(validateResponse('GET', '/api/v0/charges', 400, res.body, 'application/json')).toEqual([]);
    }
    expect(cases[0][0].body.msg).toBe("Must provide both 'day' gte and lte filters for instance charges");
  });

  it('a bad key is 401 before any bill is read', async () => {
    const error = await createVast({ apiKey: 'wrong', baseUrl: fake.url, minIntervalMs: 0, retry: { limit: 0 } })
      .billing.totalUsd({ from: T0, to: T0 + HOUR })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
  });
});
