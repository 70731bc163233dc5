import { isRfc3339 } from '@atlas/core/provider';
import type { FakeResponse } from '@atlas/fake-kit';
import { addBuckets, BUCKET_SIZES, type BucketSize, bucketStart, snapUp } from './billing-buckets.js';
import type { FakeState } from './fake-state.js';
import { json, problem } from './http-io.js';
import type { BilledSpan } from './pod-store.js';
import type { Route, RouteContext } from './router.js';

const HOUR_MS = 3_600_000;
/** The spec: startTime "defaults to 30 days ago". */
const DEFAULT_SPAN_MS = 30 * 24 * HOUR_MS;

interface BillingWindow {
  readonly start: number;
  readonly end: number;
  readonly size: BucketSize;
}

/** `2026-06-01T00:00:00Z`, the way RunPod's examples write bucket bounds. */
const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

const isBucketSize = (value: string): value is BucketSize => (BUCKET_SIZES as readonly string[]).includes(value);

/**
 * The window the spec describes: startTime snapped down to its bucket, endTime (exclusive) up to
 * the end of its bucket unless already on a boundary; or the last `lastN` buckets up to the
 * current one. A string is the detail of a 400.
 */
function resolveWindow(query: URLSearchParams, now: number): BillingWindow | string {
  const size = query.get('bucketSize') ?? 'day';
  if (!isBucketSize(size)) return `bucketSize must be one of ${BUCKET_SIZES.join(', ')}`;
  const startTime = query.get('startTime');
  const endTime = query.get('endTime');
  for (const [name, value] of [
    ['startTime', startTime],
    ['endTime', endTime],
  ] as const) {
    if (value !== null && !isRfc3339(value)) return `${name} must be an RFC 3339 date-time`;
  }
  const lastN = query.get('lastN');
  if (lastN !== null) {
    if (!/^[1-9]\d*$/.test(lastN)) return 'lastN must be an integer of at least 1';
    if (startTime !== null || endTime !== null) return 'lastN is mutually exclusive with startTime/endTime';
    const current = bucketStart(now, size);
    return { start: addBuckets(current, size, 1 - Number(lastN)), end: addBuckets(current, size, 1), size };
  }
  const start = bucketStart(startTime === null ? now - DEFAULT_SPAN_MS : Date.parse(startTime), size);
  const end = snapUp(endTime === null ? now : Date.parse(endTime), size);
  return start < end ? { start, end, size } : 'startTime must be before endTime';
}

interface PodAmounts {
  readonly startTime: string;
  readonly endTime: string;
  readonly podId: string;
  readonly totalAmount: number;
  readonly gpuAmount: number;
  readonly cpuAmount: number;
  readonly diskAmount: number;
}

/** One span's cost in each bucket of the window it overlaps: price × the time it existed there. */
function* spanRecords(span: BilledSpan, window: BillingWindow, now: number): Generator<PodAmounts> {
  const from = Math.max(span.from, window.start);
  const to = Math.min(span.to ?? now, window.end);
  for (let bucket = bucketStart(from, window.size); bucket < to; ) {
    const next = addBuckets(bucket, window.size, 1);
    const overlapMs = Math.min(next, to) - Math.max(bucket, from);
    if (overlapMs > 0) {
      const amount = (span.costPerHr * overlapMs) / HOUR_MS;
      yield {
        startTime: iso(bucket),
        endTime: iso(next),
        podId: span.podId,
        totalAmount: amount,
        gpuAmount: span.compute === 'gpu' ? amount : 0,
        cpuAmount: span.compute === 'cpu' ? amount : 0,
        diskAmount: 0,
      };
    }
    bucket = next;
  }
}

/** The pods' records, by bucket then pod; a pod with nothing in a bucket has no record there. */
function podRecords(state: FakeState, window: BillingWindow, now: number, podId: string | null): PodAmounts[] {
  const records: PodAmounts[] = [];
  for (const span of state.pods.billedSpans()) {
    if (podId === null || span.podId === podId) records.push(...spanRecords(span, window, now));
  }
  return records.sort((a, b) => a.startTime.localeCompare(b.startTime) || a.podId.localeCompare(b.podId));
}

function sum<T>(items: readonly T[], amount: (item: T) => number): number {
  return items.reduce((total, item) => total + amount(item), 0);
}

function echo(window: BillingWindow): { startTime: string; endTime: string; bucketSize: BucketSize } {
  return { startTime: iso(window.start), endTime: iso(window.end), bucketSize: window.size };
}

/** A route over the resolved window: a bad query is a 400 problem, as the spec's default response. */
function billingRoute(pattern: string, answer: (window: BillingWindow, ctx: RouteContext, now: number) => unknown) {
  return {
    method: 'GET',
    pattern,
    handle: (ctx): FakeResponse => {
      const now = Date.now();
      const window = resolveWindow(ctx.query, now);
      if (typeof window === 'string') return problem(400, window, { instance: ctx.path });
      return json(200, answer(window, ctx, now));
    },
  } satisfies Route;
}

/** A resource family the fake does not bill (it runs no workers, volumes, public endpoints or clusters). */
function unbilled(pattern: string, filter: string | undefined, totals: Record<string, number>, count?: string) {
  return billingRoute(pattern, (window, ctx) => {
    const value = filter === undefined ? null : ctx.query.get(filter);
    return {
      records: [],
      metadata: {
        query: { ...echo(window), ...(filter === undefined || value === null ? {} : { [filter]: value }) },
        recordCount: 0,
        ...(count === undefined ? {} : { [count]: 0 }),
        totals,
      },
    };
  });
}

/**
 * `GET /v2/billing/...` over the pods the fake has run: each pod bills its `cost` per hour from its
 * creation until it is deleted or terminated, split into the requested buckets. The other families
 * answer empty bills.
 */
export function billingRoutes(state: FakeState): Route[] {
  return [
    billingRoute('/v2/billing/pods', (window, ctx, now) => {
      const podId = ctx.query.get('podId');
      const records = podRecords(state, window, now, podId);
      return {
        records,
        metadata: {
          query: { ...echo(window), ...(podId === null ? {} : { podId }) },
          recordCount: records.length,
          uniquePodCount: new Set(records.map((record) => record.podId)).size,
          totals: {
            totalAmount: sum(records, (r) => r.totalAmount),
            gpuAmount: sum(records, (r) => r.gpuAmount),
            cpuAmount: sum(records, (r) => r.cpuAmount),
            diskAmount: 0,
          },
        },
      };
    }),
    billingRoute('/v2/billing', (window, _ctx, now) => {
      // One record per bucket with any spend, pods being all the fake bills.
      const byBucket = new Map<string, PodAmounts[]>();
      for (const record of podRecords(state, window, now, null)) {
        byBucket.set(record.startTime, [...(byBucket.get(record.startTime) ?? []), record]);
      }
      const records = [...byBucket.values()].map((pods) => ({
        startTime: pods[0]!.startTime,
        endTime: pods[0]!.endTime,
        ...accountAmounts(
          sum(pods, (p) => p.gpuAmount),
          sum(pods, (p) => p.cpuAmount),
        ),
      }));
      const totals = accountAmounts(
        sum(records, (r) => r.podGpuAmount),
        sum(records, (r) => r.podCpuAmount),
      );
      return { records, metadata: { query: echo(window), recordCount: records.length, totals } };
    }),
    unbilled(
      '/v2/billing/serverless',
      'serverlessId',
      { totalAmount: 0, gpuAmount: 0, cpuAmount: 0, diskAmount: 0, feeAmount: 0 },
      'uniqueServerlessCount',
    ),
    unbilled('/v2/billing/endpoints', undefined, { totalAmount: 0 }),
    unbilled(
      '/v2/billing/network-volumes',
      'networkVolumeId',
      { totalAmount: 0, standardAmount: 0, highPerformanceAmount: 0 },
      'uniqueNetworkVolumeCount',
    ),
    unbilled(
      '/v2/billing/clusters',
      'clusterId',
      { totalAmount: 0, gpuAmount: 0, diskAmount: 0, networkingAmount: 0 },
      'uniqueClusterCount',
    ),
  ];
}

/** `BillingAmounts` of pod spend alone: every other family is zero in the fake. */
function accountAmounts(gpu: number, cpu: number) {
  return {
    totalAmount: gpu + cpu,
    podGpuAmount: gpu,
    podCpuAmount: cpu,
    podDiskAmount: 0,
    serverlessGpuAmount: 0,
    serverlessCpuAmount: 0,
    serverlessDiskAmount: 0,
    serverlessFeeAmount: 0,
    storageStandardAmount: 0,
    storageHighPerformanceAmount: 0,
    endpointAmount: 0,
    clusterGpuAmount: 0,
    clusterDiskAmount: 0,
    clusterNetworkingAmount: 0,
  };
}
