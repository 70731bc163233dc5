import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createRunPod } from '../src/index.js';
import { validateRequest, validateResponse } from './contract/spec-validator.js';
import { KEY, PROBLEM_JSON, problem, provider, REST, rejection, slowReply, useNock } from './helpers.js';

useNock();

const WINDOW = { startTime: '2026-06-01T00:00:00Z', endTime: '2026-06-01T03:00:00Z', bucketSize: 'hour' };

const podRecord = (podId: string, hour: number, gpuAmount: number) => ({
  startTime: `2026-06-01T0${hour}:00:00Z`,
  endTime: `2026-06-01T0${hour + 1}:00:00Z`,
  podId,
  totalAmount: gpuAmount + 0.01,
  gpuAmount,
  cpuAmount: 0,
  diskAmount: 0.01,
});

/** A `ListPodBillingResponse` over WINDOW; its metadata totals add up like RunPod's. */
function podBilling(records: ReturnType<typeof podRecord>[], podId?: string) {
  const sum = (key: 'totalAmount' | 'gpuAmount' | 'cpuAmount' | 'diskAmount') =>
    records.reduce((total, record) => total + record[key], 0);
  return {
    records,
    metadata: {
      query: { ...WINDOW, ...(podId === undefined ? {} : { podId }) },
      recordCount: records.length,
      uniquePodCount: new Set(records.map((r) => r.podId)).size,
      totals: {
        totalAmount: sum('totalAmount'),
        gpuAmount: sum('gpuAmount'),
        cpuAmount: sum('cpuAmount'),
        diskAmount: sum('diskAmount'),
      },
    },
  };
}

/** Every request a test sent, to validate against the spec afterwards. */
function recordQueries(path: string, reply: unknown) {
  const seen: URLSearchParams[] = [];
  nock(REST, { reqheaders: { authorization: `Bearer ${KEY}` } })
    .get(path)
    .query(true)
    .reply((req: Request) => {
      seen.push(new URL(req.url).searchParams);
      return [200, reply];
    });
  return seen;
}

describe('billing.pods: GET /v2/billing/pods', () => {
  it('sends the window and the pod filter as the spec names them, from a Date, epoch ms or an offset string', async () => {
    const answer = podBilling([podRecord('pod1', 0, 0.44)], 'pod1');
    expect(validateResponse('GET', '/v2/billing/pods', 200, answer)).toEqual([]);
    const seen = recordQueries('/v2/billing/pods', answer);
    await provider().billing.pods({
      from: new Date('2026-06-01T00:00:00Z'),
      to: Date.parse('2026-06-01T03:00:00Z'),
      bucketSize: 'hour',
      podId: 'pod1',
    });
    const seen2 = recordQueries('/v2/billing/pods', answer);
    await provider().billing.pods({ from: '2026-06-01T02:00:00+02:00', lastN: undefined });
    const [query] = seen;
    expect(Object.fromEntries(query!)).toEqual({
      startTime: '2026-06-01T00:00:00.000Z',
      endTime: '2026-06-01T03:00:00.000Z',
      bucketSize: 'hour',
      podId: 'pod1',
    });
    expect(Object.fromEntries(seen2[0]!)).toEqual({ startTime: '2026-06-01T00:00:00.000Z' });
    for (const q of [...seen, ...seen2])
      expect(validateRequest('GET', '/v2/billing/pods', undefined, { query: q })).toEqual([]);
  });

  it('normalizes the records (bucket, USD, pod) and reports the window RunPod billed', async () => {
    const answer = podBilling([podRecord('pod1', 0, 0.44), podRecord('pod1', 1, 0.44), podRecord('pod2', 1, 2.5)]);
    recordQueries('/v2/billing/pods', answer);
    const report = await provider().billing.pods({ lastN: 3, bucketSize: 'hour' });
    expect(report).toMatchObject({ from: WINDOW.startTime, to: WINDOW.endTime, bucketSize: 'hour' });
    expect(report.totalUsd).toBeCloseTo(0.45 + 0.45 + 2.51, 10);
    expect(report.records).toHaveLength(3);
    expect(report.records[2]).toMatchObject({
      from: '2026-06-01T01:00:00Z',
      to: '2026-06-01T02:00:00Z',
      podId: 'pod2',
      amountUsd: 2.51,
      gpuUsd: 2.5,
      cpuUsd: 0,
      diskUsd: 0.01,
    });
    // raw: the record as sent, and the whole answer on the report.
    expect(report.records[2]!.raw).toEqual(answer.records[2]);
    expect(report.raw).toEqual(answer);
  });

  it('raw never carries the API key, even when an answer echoes it', async () => {
    const answer = podBilling([{ ...podRecord('pod1', 0, 1), podId: `pod-${KEY}` }]);
    const echoed = { ...answer, metadata: { ...answer.metadata, note: `key ${KEY}` } };
    recordQueries('/v2/billing/pods', echoed);
    const report = await provider().billing.pods();
    expect(JSON.stringify(report.raw)).not.toContain(KEY);
    expect(JSON.stringify(report.records[0]!.raw)).not.toContain(KEY);
    expect(JSON.stringify(report.raw)).toContain('note');
  });

  it('an empty bill is zero, not an error', async () => {
    recordQueries('/v2/billing/pods', podBilling([]));
    const report = await provider().billing.pods();
    expect(report.records).toEqual([]);
    expect(report.totalUsd).toBe(0);
  });

  it('an answer without the records RunPod promises is a contract error', async () => {
    recordQueries('/v2/billing/pods', { metadata: podBilling([]).metadata });
    expect((await rejection(provider().billing.pods())).kind).toBe('contract');
  });
});

describe('billing.totalUsd: what pods cost in a window (the reconciliation read)', () => {
  it('sums the records of one pod, with hour buckets unless told', async () => {
    const answer = podBilling([podRecord('pod1', 0, 0.44), podRecord('pod1', 1, 0.22)], 'pod1');
    const seen = recordQueries('/v2/billing/pods', answer);
    const total = await provider().billing.totalUsd({
      from: Date.parse(WINDOW.startTime),
      to: Date.parse(WINDOW.endTime),
      podId: 'pod1',
    });
    expect(total).toBeCloseTo(0.45 + 0.23, 10);
    expect(seen[0]!.get('bucketSize')).toBe('hour');
    expect(seen[0]!.get('podId')).toBe('pod1');
    expect(validateRequest('GET', '/v2/billing/pods', undefined, { query: seen[0]! })).toEqual([]);
  });

  it('keeps a bucket size the caller asked for', async () => {
    const seen = recordQueries('/v2/billing/pods', podBilling([]));
    await provider().billing.totalUsd({ from: WINDOW.startTime, to: WINDOW.endTime, bucketSize: 'day' });
    expect(seen[0]!.get('bucketSize')).toBe('day');
  });

  it('needs both ends of the window', async () => {
    const error = await rejection(provider().billing.totalUsd({ from: WINDOW.startTime } as never));
    expect(error.kind).toBe('validation');
    expect(error.issues?.map((issue) => issue.path)).toEqual(['to']);
  });
});

describe('the other bills', () => {
  it('serverless: endpointId is sent as serverlessId; records carry endpointId and the fee', async () => {
    const answer = {
      records: [
        {
          startTime: '2026-06-01T00:00:00Z',
          endTime: '2026-06-02T00:00:00Z',
          serverlessId: 'ep1',
          totalAmount: 8.9,
          gpuAmount: 7.5,
          cpuAmount: 0,
          diskAmount: 0.4,
          feeAmount: 1,
        },
      ],
      metadata: {
        query: {
          startTime: '2026-06-01T00:00:00Z',
          endTime: '2026-06-02T00:00:00Z',
          bucketSize: 'day',
          serverlessId: 'ep1',
        },
        recordCount: 1,
        uniqueServerlessCount: 1,
        totals: { totalAmount: 8.9, gpuAmount: 7.5, cpuAmount: 0, diskAmount: 0.4, feeAmount: 1 },
      },
    };
    expect(validateResponse('GET', '/v2/billing/serverless', 200, answer)).toEqual([]);
    const seen = recordQueries('/v2/billing/serverless', answer);
    const report = await provider().billing.serverless({ endpointId: 'ep1', bucketSize: 'day' });
    expect(Object.fromEntries(seen[0]!)).toEqual({ serverlessId: 'ep1', bucketSize: 'day' });
    expect(validateRequest('GET', '/v2/billing/serverless', undefined, { query: seen[0]! })).toEqual([]);
    expect(report.records[0]).toMatchObject({ endpointId: 'ep1', amountUsd: 8.9, gpuUsd: 7.5, feeUsd: 1 });
  });

  it('network volumes, public endpoints and the whole account', async () => {
    const day = { startTime: '2026-06-01T00:00:00Z', endTime: '2026-06-02T00:00:00Z' };
    const volumes = {
      records: [{ ...day, networkVolumeId: 'vol1', totalAmount: 5.79, standardAmount: 0, highPerformanceAmount: 5.79 }],
      metadata: {
        query: { ...day, bucketSize: 'day', networkVolumeId: 'vol1' },
        recordCount: 1,
        uniqueNetworkVolumeCount: 1,
        totals: { totalAmount: 5.79, standardAmount: 0, highPerformanceAmount: 5.79 },
      },
    };
    const publicEndpoints = {
      records: [{ ...day, totalAmount: 3.21 }],
      metadata: { query: { ...day, bucketSize: 'day' }, recordCount: 1, totals: { totalAmount: 3.21 } },
    };
    const amounts = {
      totalAmount: 10,
      podGpuAmount: 3,
      podCpuAmount: 1,
      podDiskAmount: 0.5,
      serverlessGpuAmount: 2,
      serverlessCpuAmount: 0,
      serverlessDiskAmount: 0.25,
      serverlessFeeAmount: 0.25,
      storageStandardAmount: 0.5,
      storageHighPerformanceAmount: 0.5,
      endpointAmount: 1,
      clusterGpuAmount: 0.5,
      clusterDiskAmount: 0.25,
      clusterNetworkingAmount: 0.25,
    };
    const account = {
      records: [{ ...day, ...amounts }],
      metadata: { query: { ...day, bucketSize: 'day' }, recordCount: 1, totals: amounts },
    };
    const cases = [
      ['/v2/billing/network-volumes', volumes],
      ['/v2/billing/endpoints', publicEndpoints],
      ['/v2/billing', account],
    ] as const;
    const seen = cases.map(([path, answer]) => {
      expect(validateResponse('GET', path, 200, answer)).toEqual([]);
      return recordQueries(path, answer);
    });
    const runpod = provider();
    const volumeBill = await runpod.billing.networkVolumes({ networkVolumeId: 'vol1', from: day.startTime });
    const endpointBill = await runpod.billing.publicEndpoints({ lastN: 1 });
    const accountBill = await runpod.billing.account({ bucketSize: 'day', from: day.startTime, to: day.endTime });
    for (const [i, [path]] of cases.entries()) {
      expect(validateRequest('GET', path, undefined, { query: seen[i]![0]! }), path).toEqual([]);
    }
    expect(seen[0]![0]!.get('networkVolumeId')).toBe('vol1');
    expect(volumeBill.records[0]).toMatchObject({ networkVolumeId: 'vol1', amountUsd: 5.79, highPerformanceUsd: 5.79 });
    expect(endpointBill.totalUsd).toBe(3.21);
    expect(accountBill.records[0]).toMatchObject({
      amountUsd: 10,
      podsUsd: 4.5,
      serverlessUsd: 2.5,
      networkVolumesUsd: 1,
      publicEndpointsUsd: 1,
      clustersUsd: 1,
    });
  });
});

describe('billing: bad input is refused before any request', () => {
  // useNock has turned the network off and no interceptor exists: a request would fail as transport.
  const cases: [string, unknown, string[]][] = [
    ['an impossible date', { from: '2026-02-30T00:00:00Z' }, ['from']],
    ['a date without a zone', { from: '2026-06-01T00:00:00' }, ['from']],
    ['an invalid Date', { to: new Date('nope') }, ['to']],
    ['negative epoch ms', { from: -1 }, ['from']],
    ['lastN with from', { lastN: 2, from: '2026-06-01T00:00:00Z' }, ['lastN']],
    ['lastN of zero', { lastN: 0 }, ['lastN']],
    ['from after to', { from: '2026-06-02T00:00:00Z', to: '2026-06-01T00:00:00Z' }, ['to']],
    ['an unknown bucket size', { bucketSize: 'minute' }, ['bucketSize']],
    ['a misspelled filter', { podID: 'pod1' }, ['podID']],
    ['a pod id that would leave the path', { podId: '../pods' }, ['podId']],
  ];
  it.each(cases)('%s', async (_name, query, paths) => {
    const error = await rejection(provider().billing.pods(query as never));
    expect(error.kind).toBe('validation');
    expect(error.issues?.map((issue) => issue.path)).toEqual(paths);
    expect(error.message).toContain(paths[0]);
  });

  it('a query that is not an object', async () => {
    expect((await rejection(provider().billing.account('last week' as never))).kind).toBe('validation');
    expect((await rejection(provider().billing.totalUsd(null as never))).kind).toBe('validation');
  });
});

describe('billing: failures are AtlasErrors without the key', () => {
  it('401: unauthorized, and neither the message nor raw holds the key', async () => {
    nock(REST)
      .get('/v2/billing/pods')
      .reply(401, problem(401, 'Unauthorized', `invalid bearer token ${KEY}`), PROBLEM_JSON);
    const error = await rejection(provider().billing.pods());
    expect(error.kind).toBe('unauthorized');
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(String(error.message)).not.toContain(KEY);
    expect(JSON.stringify(error.raw ?? null)).not.toContain(KEY);
  });

  it('5xx: a provider error, retried as a read and then surfaced', async () => {
    nock(REST)
      .get('/v2/billing/pods')
      .query(true)
      .times(2)
      .reply(503, problem(503, 'Service Unavailable', 'try later'), PROBLEM_JSON);
    const error = await rejection(
      provider({ retry: { limit: 1, backoffMs: 1, maxDelayMs: 2 } }).billing.totalUsd({
        from: WINDOW.startTime,
        to: WINDOW.endTime,
      }),
    );
    expect(error.kind).toBe('provider');
    expect(error.status).toBe(503);
  });

  it('a 5xx followed by a good answer: the read is retried and succeeds', async () => {
    nock(REST)
      .get('/v2/billing/pods')
      .reply(502, 'bad gateway')
      .get('/v2/billing/pods')
      .reply(200, podBilling([podRecord('pod1', 0, 1)]));
    const report = await provider({ retry: { limit: 1, backoffMs: 1, maxDelayMs: 2 } }).billing.pods();
    expect(report.totalUsd).toBeCloseTo(1.01, 10);
  });

  it('the caller aborts while the request is in flight: transport, aborted by the caller', async () => {
    const controller = new AbortController();
    nock(REST)
      .get('/v2/billing/pods')
      .reply(() => {
        controller.abort();
        return slowReply(5_000, 200, podBilling([]))();
      });
    const error = await rejection(provider().billing.pods({}, { signal: controller.signal }));
    expect(error.kind).toBe('transport');
    expect(error.message).toContain('aborted by the caller');
  });

  it('an already aborted signal sends nothing', async () => {
    const error = await rejection(provider().billing.pods({}, { signal: AbortSignal.abort() }));
    expect(error.kind).toBe('transport');
  });

  it('a per-call timeout ends a slow answer as timeout', async () => {
    nock(REST)
      .get('/v2/billing/pods')
      .reply(slowReply(5_000, 200, podBilling([])));
    const error = await rejection(provider().billing.pods({}, { timeoutMs: 50 }));
    expect(error.kind).toBe('timeout');
  });

  it('a missing key fails before any request', async () => {
    const saved = process.env.RUNPOD_API_KEY;
    delete process.env.RUNPOD_API_KEY;
    try {
      const error = await rejection(
        createRunPod({ retry: { limit: 0 } }).billing.pods({}, { fetch: () => Promise.reject(new Error('sent')) }),
      );
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toContain('RUNPOD_API_KEY');
    } finally {
      if (saved !== undefined) process.env.RUNPOD_API_KEY = saved;
    }
  });
});
