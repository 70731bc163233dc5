import { createAtlas, isAtlasError } from '@atlas/core';
import { createRunPod } from '@atlas/runpod';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOtelHooks, placementSpans } from '../src/index.js';

const KEY = 'rp_otel_canary_key_0123456789';
const ENV_SECRET = 'otel-canary-env-value-42';
let fake: RunPodFake;

beforeAll(async () => {
  fake = await startRunPodFake({ apiKey: KEY, provisioningMs: 50 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

function telemetry() {
  const spans = new InMemorySpanExporter();
  const tracer = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).getTracer('test');
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meter = new MeterProvider({ readers: [reader] }).getMeter('test');
  return {
    hooks: createOtelHooks({ tracer, meter }),
    tracer,
    spans: () => spans.getFinishedSpans(),
    async metrics() {
      await reader.forceFlush();
      return metricExporter.getMetrics().flatMap((m) => m.scopeMetrics.flatMap((s) => s.metrics));
    },
  };
}

const provider = () => createRunPod({ apiKey: KEY, baseUrl: fake.url, retry: { backoffMs: 1, maxDelayMs: 5 } });

describe('@atlas/otel', () => {
  it('makes one client span per HTTP attempt and one span per provider call', async () => {
    const t = telemetry();
    const atlas = createAtlas({ providers: { runpod: provider() }, context: { hooks: t.hooks } });
    const pod = await atlas.spawnCompute({ gpu: 'h100', image: 'busybox', env: { SECRET_ONE: ENV_SECRET } });
    fake.faults.inject('getCompute', { status: 500 });
    await atlas.getCompute(pod.id);

    const spans = t.spans();
    const calls = spans.filter((s) => s.name.startsWith('atlas.'));
    expect(calls.map((s) => s.name)).toEqual(['atlas.spawnCompute', 'atlas.getCompute']);
    expect(calls[0]?.attributes['atlas.provider']).toBe('runpod');
    const gets = spans.filter((s) => s.name === 'GET' && String(s.attributes['url.full']).includes(pod.id));
    expect(
      gets.map((s) => [s.attributes['http.request.resend_count'], s.attributes['http.response.status_code']]),
    ).toEqual([
      [0, 500],
      [1, 200],
    ]);
    expect(gets[0]?.attributes['error.type']).toBe('500');
    expect(gets[0]?.attributes['server.address']).toBe('127.0.0.1');

    const metrics = await t.metrics();
    const retries = metrics.find((m) => m.descriptor.name === 'atlas.http.retries');
    expect(retries?.dataPoints[0]?.attributes['atlas.retry.reason']).toBe('500');
  });

  it('marks a failed call with its AtlasError kind and counts it by kind', async () => {
    const t = telemetry();
    // Called directly on the provider: the boundary emits the call events all the same.
    const error = await provider()
      .getCompute('nosuchpod', { hooks: t.hooks })
      .catch((e: unknown) => e);
    expect(isAtlasError(error) && error.kind).toBe('not_found');
    const call = t.spans().find((s) => s.name === 'atlas.getCompute');
    expect(call?.attributes['atlas.error.kind']).toBe('not_found');
    expect(call?.status.code).toBe(2);
    const errors = (await t.metrics()).find((m) => m.descriptor.name === 'atlas.errors');
    expect(errors?.dataPoints[0]?.attributes['atlas.error.kind']).toBe('not_found');
  });

  it('lets no secret reach any span or metric attribute', async () => {
    const t = telemetry();
    const runpod = createRunPod({ apiKey: KEY, baseUrl: `${fake.url}?api_key=${KEY}` });
    await runpod
      .spawnCompute(
        { gpu: 'h100', image: 'busybox', env: { PLAIN_NAME: ENV_SECRET }, auth: 'bearer' },
        { hooks: t.hooks },
      )
      .catch(() => undefined);
    await runpod.listCompute({}, { hooks: t.hooks }).catch(() => undefined);
    const everything = JSON.stringify({
      spans: t.spans().map((s) => ({ name: s.name, attributes: s.attributes, status: s.status, events: s.events })),
      metrics: await t.metrics(),
    });
    expect(t.spans().length).toBeGreaterThan(0);
    expect(everything).not.toContain(KEY);
    expect(everything).not.toContain(ENV_SECRET);
  });

  it('turns placement attempts into back-dated spans', () => {
    const t = telemetry();
    const onEvent = placementSpans(t.tracer);
    onEvent({
      type: 'attempt',
      attempt: {
        offer: { provider: 'runpod', nativeId: 'NVIDIA H100', pricePerHour: 2.5 },
        outcome: 'capacity',
        errorKind: 'capacity',
        durationMs: 40,
      },
    });
    const [span] = t.spans();
    expect(span?.name).toBe('atlas.placement.attempt');
    expect(span?.attributes).toMatchObject({ 'atlas.placement.outcome': 'capacity', 'atlas.error.kind': 'capacity' });
  });
});
