import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRunPod } from '../src/index.js';
import { addBuckets, bucketStart, snapUp } from '../src/testing/billing-buckets.js';
import { podBody, useFake } from './contract/fake-http.js';
import { validateResponse } from './contract/spec-validator.js';

// Other files in this worker may have turned the network off for nock; the fake is on loopback.
nock.enableNetConnect('127.0.0.1');

const HOUR_MS = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe('billing buckets (UTC, as the spec snaps windows)', () => {
  it('snaps down to the start of the hour, day, ISO week (Monday), month and year', () => {
    const t = at('2026-06-03T10:30:15Z'); // a Wednesday
    expect(new Date(bucketStart(t, 'hour')).toISOString()).toBe('2026-06-03T10:00:00.000Z');
    expect(new Date(bucketStart(t, 'day')).toISOString()).toBe('2026-06-03T00:00:00.000Z');
    expect(new Date(bucketStart(t, 'week')).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(new Date(bucketStart(at('2026-06-07T23:00:00Z'), 'week')).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(new Date(bucketStart(t, 'month')).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(new Date(bucketStart(t, 'year')).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it('steps whole buckets across month and year ends, and snaps an end up unless on a boundary', () => {
    expect(new Date(addBuckets(at('2026-12-01T00:00:00Z'), 'month', 1)).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(new Date(addBuckets(at('2026-01-01T00:00:00Z'), 'month', -2)).toISOString()).toBe(
      '2025-11-01T00:00:00.000Z',
    );
    expect(snapUp(at('2026-06-01T00:00:00Z'), 'day')).toBe(at('2026-06-01T00:00:00Z'));
    expect(snapUp(at('2026-06-01T00:00:01Z'), 'day')).toBe(at('2026-06-02T00:00:00Z'));
  });
});

describe('RunPod fake: GET /v2/billing/... bills the pods it ran', () => {
  const t = useFake();
  const runpod = () => createRunPod({ baseUrl: t.fake.url, apiKey: t.fake.apiKey, retry: { limit: 0 } });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("a terminated pod's bill is its price times the time it existed", async () => {
    const provider = runpod();
    const pod = await provider.spawnCompute({ gpu: 'h100', image: 'acme/infer:1' });
    const createdAt = at(pod.createdAt!);
    const before = Date.now();
    await provider.terminate(pod.id);
    const after = Date.now();
    const window = { from: bucketStart(createdAt, 'hour'), to: snapUp(after + 1, 'hour') };
    const total = await provider.billing.totalUsd({ ...window, podId: pod.id });
    const price = pod.costPerHour!;
    expect(price).toBeGreaterThan(0);
    // The fake stamps the end when the DELETE lands: between the two readings of the clock.
    expect(total).toBeGreaterThanOrEqual((price * (before - createdAt)) / HOUR_MS);
    expect(total).toBeLessThanOrEqual((price * (after - createdAt)) / HOUR_MS);
    // Gone from the pod list, still on the bill, and the whole account's pod bill agrees.
    expect(t.fake.pods.get(pod.id)).toBeUndefined();
    expect(await provider.billing.totalUsd(window)).toBe(total);
    const account = await provider.billing.account({ ...window, bucketSize: 'hour' });
    expect(account.totalUsd).toBeCloseTo(total, 12);
    expect(account.records.every((record) => record.podsUsd === record.amountUsd)).toBe(true);
  });

  it('splits a pod across the buckets it lived in, bills stopped time, and filters by pod', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at('2026-06-01T10:30:00Z'));
    const provider = runpod();
    const a = await provider.spawnCompute({ gpu: 'h100', image: 'acme/infer:1' });
    const b = await provider.spawnCompute({ cpu: { vcpus: 2 }, image: 'acme/worker:1' });
    vi.setSystemTime(at('2026-06-01T11:00:00Z'));
    await provider.stop(a.id);
    vi.setSystemTime(at('2026-06-01T12:15:00Z'));
    await provider.terminate(a.id);
    vi.setSystemTime(at('2026-06-01T12:45:00Z'));

    const bill = await provider.billing.pods({
      from: '2026-06-01T10:00:00Z',
      to: '2026-06-01T13:00:00Z',
      bucketSize: 'hour',
      podId: a.id,
    });
    const price = a.costPerHour!;
    expect(bill).toMatchObject({ from: '2026-06-01T10:00:00Z', to: '2026-06-01T13:00:00Z', bucketSize: 'hour' });
    expect(bill.records.map((r) => [r.from, r.podId, r.amountUsd, r.gpuUsd, r.cpuUsd])).toEqual([
      ['2026-06-01T10:00:00Z', a.id, price * 0.5, price * 0.5, 0],
      ['2026-06-01T11:00:00Z', a.id, price, price, 0],
      ['2026-06-01T12:00:00Z', a.id, price * 0.25, price * 0.25, 0],
    ]);

    // The CPU pod still exists: it bills until now, under cpuAmount.
    const cpu = await provider.billing.pods({ podId: b.id, lastN: 1, bucketSize: 'day' });
    expect(cpu.records).toHaveLength(1);
    expect(cpu.records[0]).toMatchObject({ from: '2026-06-01T00:00:00Z', gpuUsd: 0 });
    expect(cpu.records[0]!.cpuUsd).toBeCloseTo(b.costPerHour! * 2.25, 12);

    // Both pods, one day bucket, by pod; the window is snapped to the day.
    const day = await provider.billing.pods({ from: '2026-06-01T10:00:00Z', to: '2026-06-01T10:00:01Z' });
    expect(day).toMatchObject({ from: '2026-06-01T00:00:00Z', to: '2026-06-02T00:00:00Z', bucketSize: 'day' });
    expect(day.records.map((r) => r.podId).sort()).toEqual([a.id, b.id].sort());
    expect(day.totalUsd).toBeCloseTo(price * 1.75 + b.costPerHour! * 2.25, 12);
  });

  it('a window before the pod existed bills nothing; lastN ends with the current bucket', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(at('2026-06-03T10:00:00Z'));
    const provider = runpod();
    const pod = await provider.spawnCompute({ gpu: 'h100', image: 'acme/infer:1' });
    vi.setSystemTime(at('2026-06-03T12:00:00Z'));
    const earlier = await provider.billing.pods({ from: '2026-06-01T00:00:00Z', to: '2026-06-03T00:00:00Z' });
    expect(earlier.records).toEqual([]);
    const weeks = await provider.billing.pods({ lastN: 2, bucketSize: 'week' });
    expect(weeks).toMatchObject({ from: '2026-05-25T00:00:00Z', to: '2026-06-08T00:00:00Z' });
    expect(weeks.records).toHaveLength(1);
    expect(weeks.records[0]!.amountUsd).toBeCloseTo(pod.costPerHour! * 2, 12);
  });

  it('answers every billing route in the spec shape, the families it does not bill empty', async () => {
    await t.api('POST', '/v2/pods', podBody());
    for (const path of [
      '/v2/billing',
      '/v2/billing/pods',
      '/v2/billing/pods?podId=nope&bucketSize=hour',
      '/v2/billing/serverless?serverlessId=ep1',
      '/v2/billing/endpoints?lastN=3',
      '/v2/billing/network-volumes?bucketSize=month',
      '/v2/billing/clusters?clusterId=c1',
    ]) {
      const res = await t.api('GET', path);
      expect(res.status, path).toBe(200);
      expect(validateResponse('GET', path.split('?')[0]!, 200, res.body), path).toEqual([]);
    }
    expect(((await t.api('GET', '/v2/billing/pods')).body as { records: unknown[] }).records).toHaveLength(1);
    expect(((await t.api('GET', '/v2/billing/serverless')).body as { records: unknown[] }).records).toEqual([]);
  });

  it('refuses a query the spec does not allow with a 400 problem', async () => {
    for (const query of [
      'bucketSize=minute',
      'startTime=yesterday',
      'endTime=2026-02-30T00:00:00Z',
      'lastN=0',
      'lastN=2&startTime=2026-06-01T00:00:00Z',
      'startTime=2026-06-02T00:00:00Z&endTime=2026-06-01T00:00:00Z',
    ]) {
      const res = await t.api('GET', `/v2/billing/pods?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers.get('content-type'), query).toContain('application/problem+json');
      expect(
        validateResponse('GET', '/v2/billing/pods', 400, res.body, { contentType: 'application/problem+json' }),
        query,
      ).toEqual([]);
    }
  });

  it('needs the bearer key like every route', async () => {
    const res = await fetch(`${t.fake.url}/v2/billing/pods`);
    expect(res.status).toBe(401);
  });
});
