import { describe, expect, it } from 'vitest';
import {
  type AtlasError,
  createAtlas,
  getCompute,
  getJob,
  listCompute,
  runJob,
  spawnCompute,
  stop,
  streamJob,
} from '../src/index.js';
import { createSpyProvider, rejection } from './atlas-helpers.js';

/** Each case: a field set merged over a valid base, and the dot path the error must name. */
interface BadCase {
  readonly label: string;
  readonly fields: Record<string, unknown>;
  readonly path: string;
}

const VALID_COMPUTE = { gpu: 'h100', image: 'ghcr.io/me/infer:1' };
const VALID_JOB = { endpoint: 'ep-1', input: { prompt: 'hi' } };

const BAD_COMPUTE: BadCase[] = [
  { label: 'gpu missing', fields: { gpu: undefined }, path: 'gpu' },
  { label: 'gpu not a string', fields: { gpu: 5 }, path: 'gpu' },
  { label: 'gpu empty', fields: { gpu: '' }, path: 'gpu' },
  { label: 'gpuCount 0', fields: { gpuCount: 0 }, path: 'gpuCount' },
  { label: 'gpuCount 2.5', fields: { gpuCount: 2.5 }, path: 'gpuCount' },
  { label: 'gpuCount as a string', fields: { gpuCount: '2' }, path: 'gpuCount' },
  { label: 'gpuCount NaN', fields: { gpuCount: Number.NaN }, path: 'gpuCount' },
  { label: 'gpuCount 17', fields: { gpuCount: 17 }, path: 'gpuCount' },
  { label: 'empty image with no template', fields: { image: '' }, path: 'image' },
  { label: 'blank image with no template', fields: { image: '   ' }, path: 'image' },
  { label: 'no image and no template', fields: { image: undefined }, path: 'image' },
  { label: 'image not a string', fields: { image: 42 }, path: 'image' },
  { label: 'unknown cloudType', fields: { cloudType: 'cheap' }, path: 'cloudType' },
  { label: 'spot not a boolean', fields: { spot: 'yes' }, path: 'spot' },
  { label: 'regionHints not an array', fields: { regionHints: 'us-east' }, path: 'regionHints' },
  { label: 'regionHints with an empty entry', fields: { regionHints: ['us', ''] }, path: 'regionHints.1' },
  { label: 'port 70000', fields: { ports: [{ port: 70000 }] }, path: 'ports.0.port' },
  { label: 'port 0', fields: { ports: [{ port: 0 }] }, path: 'ports.0.port' },
  { label: 'port 80.5', fields: { ports: [{ port: 80.5 }] }, path: 'ports.0.port' },
  { label: 'port as a string', fields: { ports: [{ port: '8000' }] }, path: 'ports.0.port' },
  { label: 'port protocol udp', fields: { ports: [{ port: 8000, protocol: 'udp' }] }, path: 'ports.0.protocol' },
  { label: 'duplicate port', fields: { ports: [{ port: 8000 }, { port: 8000, protocol: 'tcp' }] }, path: 'ports' },
  { label: 'unknown field in a port', fields: { ports: [{ port: 8000, public: true }] }, path: 'ports.0.public' },
  { label: 'ports not an array', fields: { ports: 8000 }, path: 'ports' },
  { label: 'non-string env value (number)', fields: { env: { PORT: 8000 } }, path: 'env.PORT' },
  { label: 'non-string env value (object)', fields: { env: { CONFIG: { a: 1 } } }, path: 'env.CONFIG' },
  { label: 'env name starting with a digit', fields: { env: { '1BAD': 'x' } }, path: 'env.1BAD' },
  { label: 'env name with a dash', fields: { env: { 'BAD-NAME': 'x' } }, path: 'env.BAD-NAME' },
  { label: 'env as an array', fields: { env: ['A=1'] }, path: 'env' },
  { label: 'env as a string', fields: { env: 'A=1' }, path: 'env' },
  { label: 'negative volumeGb', fields: { volumeGb: -1 }, path: 'volumeGb' },
  { label: 'volumeGb as text', fields: { volumeGb: 'big' }, path: 'volumeGb' },
  { label: 'containerDiskGb 0', fields: { containerDiskGb: 0 }, path: 'containerDiskGb' },
  { label: 'empty networkVolumeId', fields: { networkVolumeId: '' }, path: 'networkVolumeId' },
  { label: 'empty name', fields: { name: '' }, path: 'name' },
  { label: 'name too long', fields: { name: 'n'.repeat(192) }, path: 'name' },
  { label: 'templateId not a string', fields: { templateId: 5 }, path: 'templateId' },
  { label: 'bad auth mode', fields: { auth: 'oauth' }, path: 'auth' },
  { label: 'auth as a boolean', fields: { auth: true }, path: 'auth' },
  { label: 'negative idleTtlMs', fields: { idleTtlMs: -5 }, path: 'idleTtlMs' },
  { label: 'providerOptions as an array', fields: { providerOptions: [1] }, path: 'providerOptions' },
  { label: 'unknown field', fields: { gpuType: 'h100' }, path: 'gpuType' },
  { label: 'misspelt field', fields: { imgae: 'x' }, path: 'imgae' },
];

const BAD_JOB: BadCase[] = [
  { label: 'endpoint missing', fields: { endpoint: undefined }, path: 'endpoint' },
  { label: 'endpoint empty', fields: { endpoint: '' }, path: 'endpoint' },
  { label: 'endpoint blank', fields: { endpoint: '   ' }, path: 'endpoint' },
  { label: 'endpoint a number', fields: { endpoint: 7 }, path: 'endpoint' },
  { label: 'input missing', fields: { input: undefined }, path: 'input' },
  { label: 'unknown mode', fields: { mode: 'stream' }, path: 'mode' },
  { label: 'timeoutMs 0', fields: { timeoutMs: 0 }, path: 'timeoutMs' },
  { label: 'timeoutMs 1.5', fields: { timeoutMs: 1.5 }, path: 'timeoutMs' },
  { label: 'webhook not a URL', fields: { webhook: 'not a url' }, path: 'webhook' },
  { label: 'webhook javascript:', fields: { webhook: 'javascript:alert(1)' }, path: 'webhook' },
  { label: 'webhook ftp:', fields: { webhook: 'ftp://example.com/hook' }, path: 'webhook' },
  { label: 'policy timeout 0', fields: { policy: { executionTimeoutMs: 0 } }, path: 'policy.executionTimeoutMs' },
  { label: 'unknown policy field', fields: { policy: { retries: 3 } }, path: 'policy.retries' },
  { label: 'policy as a string', fields: { policy: 'fast' }, path: 'policy' },
  { label: 'unknown job field', fields: { priority: 1 }, path: 'priority' },
];

function withFields(base: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base, ...fields };
  for (const [key, value] of Object.entries(fields)) if (value === undefined) delete out[key];
  return out;
}

function expectNamesField(error: AtlasError, path: string): void {
  expect(error.kind).toBe('validation');
  expect(error.retryable).toBe(false);
  expect(error.issues.map((issue) => issue.path)).toContain(path);
  expect(error.message).toContain(`${path}:`);
}

// The corpus and the brief ask for at least 30 bad requests.
it('the corpus holds at least 30 bad requests', () => {
  expect(BAD_COMPUTE.length + BAD_JOB.length).toBeGreaterThanOrEqual(30);
});

describe.each(BAD_COMPUTE)('bad compute request: $label', ({ fields, path }) => {
  const request = withFields(VALID_COMPUTE, fields);

  it('createAtlas rejects it naming the field, without calling the provider', async () => {
    const spy = createSpyProvider();
    const atlas = createAtlas({ providers: { spy: spy.provider } });
    expectNamesField(await rejection(atlas.spawnCompute(request as never)), path);
    expect(spy.calls()).toBe(0);
  });

  it('the top-level spawnCompute rejects it the same way', async () => {
    const spy = createSpyProvider();
    const error = await rejection(spawnCompute({ ...request, provider: spy.provider } as never));
    expectNamesField(error, path);
    expect(error.provider).toBe('spy');
    expect(spy.calls()).toBe(0);
  });
});

describe.each(BAD_JOB)('bad job request: $label', ({ fields, path }) => {
  const request = withFields(VALID_JOB, fields);

  it('createAtlas rejects it naming the field, without calling the provider', async () => {
    const spy = createSpyProvider();
    const atlas = createAtlas({ providers: { spy: spy.provider } });
    expectNamesField(await rejection(atlas.runJob(request as never)), path);
    expect(spy.calls()).toBe(0);
  });

  it('the top-level runJob rejects it the same way', async () => {
    const spy = createSpyProvider();
    expectNamesField(await rejection(runJob({ ...request, provider: spy.provider } as never)), path);
    expect(spy.calls()).toBe(0);
  });
});

describe('requests that are not objects', () => {
  it.each([[null], ['h100'], [42], [undefined]])('spawnCompute(%j) names the root', async (input) => {
    const spy = createSpyProvider();
    const atlas = createAtlas({ providers: { spy: spy.provider } });
    expectNamesField(await rejection(atlas.spawnCompute(input as never)), '(root)');
    expect(spy.calls()).toBe(0);
  });

  it('an array is read as an object with unknown fields', async () => {
    const spy = createSpyProvider();
    const atlas = createAtlas({ providers: { spy: spy.provider } });
    const error = await rejection(atlas.spawnCompute(['h100'] as never));
    expectNamesField(error, '0');
    expectNamesField(error, 'gpu');
    expect(spy.calls()).toBe(0);
  });
});

describe('ids, job refs and filters', () => {
  it.each(['', '   ', 5, undefined])('getCompute and stop reject the id %j', async (id) => {
    const spy = createSpyProvider();
    const atlas = createAtlas({ providers: { spy: spy.provider } });
    expectNamesField(await rejection(atlas.getCompute(id as never)), 'id');
    expectNamesField(await rejection(atlas.stop(id as never)), 'id');
    expectNamesField(await rejection(getCompute(spy.provider, id as never)), 'id');
    expectNamesField(await rejection(stop(spy.provider, id as never)), 'id');
    expect(spy.calls()).toBe(0);
  });

  it.each([
    [{ endpoint: '', id: 'j' }, 'endpoint'],
    [{ endpoint: 'ep' }, 'id'],
    [{ id: 'j' }, 'endpoint'],
    ['j-1', '(root)'],
  ])('job ref %j is rejected naming %s', async (ref, path) => {
    const spy = createSpyProvider();
    const atlas = createAtlas({ providers: { spy: spy.provider } });
    expectNamesField(await rejection(atlas.getJob(ref as never)), path);
    expectNamesField(await rejection(atlas.cancelJob(ref as never)), path);
    expectNamesField(await rejection(getJob(spy.provider, ref as never)), path);
    const iterator = streamJob(spy.provider, ref as never)[Symbol.asyncIterator]();
    expectNamesField(await rejection(iterator.next()), path);
    expect(spy.calls()).toBe(0);
  });

  it.each([
    [{ status: 'gone' }, 'status'],
    [{ nmae: 'x' }, 'nmae'],
    [{ name: 5 }, 'name'],
  ])('filter %j is rejected naming %s', async (filter, path) => {
    const spy = createSpyProvider();
    const atlas = createAtlas({ providers: { spy: spy.provider } });
    expectNamesField(await rejection(atlas.listCompute(filter as never)), path);
    expectNamesField(await rejection(listCompute({ ...filter, provider: spy.provider } as never)), path);
    expect(spy.calls()).toBe(0);
  });
});

describe('valid requests', () => {
  it('reach the provider with defaults filled and call options split off', async () => {
    const spy = createSpyProvider();
    const atlas = createAtlas({ providers: { spy: spy.provider } });
    const controller = new AbortController();
    await atlas.spawnCompute({ ...VALID_COMPUTE, apiKey: 'key-0123456789', signal: controller.signal });
    expect(spy.provider.spawnCompute).toHaveBeenCalledTimes(1);
    const [request, ctx] = spy.provider.spawnCompute.mock.calls[0] ?? [];
    expect(request).toEqual({ ...VALID_COMPUTE, gpuCount: 1, ports: [], env: {}, auth: 'none' });
    expect(ctx).toEqual({ apiKey: 'key-0123456789', signal: controller.signal });
  });

  it('fill port protocol and job mode defaults, and trim the image', async () => {
    const spy = createSpyProvider();
    await spawnCompute({ provider: spy.provider, gpu: 'l4', image: '  img  ', ports: [{ port: 8000 }] });
    expect(spy.provider.spawnCompute.mock.calls[0]?.[0]).toMatchObject({
      image: 'img',
      ports: [{ port: 8000, protocol: 'http' }],
    });
    await runJob({ provider: spy.provider, ...VALID_JOB, timeoutMs: 5000 });
    // In a job request timeoutMs is the job's own field, not a call option.
    expect(spy.provider.runJob.mock.calls[0]?.[0]).toEqual({ ...VALID_JOB, mode: 'async', timeoutMs: 5000 });
    expect(spy.provider.runJob.mock.calls[0]?.[1]).toEqual({});
  });

  it('accept a template instead of an image', async () => {
    const spy = createSpyProvider();
    await spawnCompute({ provider: spy.provider, gpu: 'h100', templateId: 'tpl-1' });
    expect(spy.provider.spawnCompute.mock.calls[0]?.[0]).toMatchObject({ templateId: 'tpl-1' });
  });

  it('pass a whole Job as a job ref, reduced to endpoint and id', async () => {
    const spy = createSpyProvider();
    const job = await runJob({ provider: spy.provider, ...VALID_JOB });
    await getJob(spy.provider, job);
    expect(spy.provider.getJob.mock.calls[0]?.[0]).toEqual({ endpoint: job.endpoint, id: job.id });
  });
});
