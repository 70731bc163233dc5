import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  AtlasError,
  type Compute,
  type ComputeRequest,
  type ComputeRequestInput,
  type ComputeStatus,
  createAtlas,
  type GpuId,
  getCompute,
  type JobStatus,
  listGpuTypes,
  type Provider,
  runJob,
  spawnCompute,
  streamJob,
  terminate,
} from '../src/index.js';
import { redactText } from '../src/provider/index.js';
import { createSpyProvider, rejection } from './atlas-helpers.js';

const REQUEST = { gpu: 'h100', image: 'img' } as const;

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function twoClouds() {
  const a = createSpyProvider('alpha');
  const b = createSpyProvider('beta');
  const atlas = createAtlas({ providers: { alpha: a.provider, beta: b.provider }, defaultProvider: 'alpha' });
  return { a, b, atlas };
}

describe('routing', () => {
  it('uses the default provider when a call names none', async () => {
    const { a, b, atlas } = twoClouds();
    const compute = await atlas.spawnCompute(REQUEST);
    expect(compute.provider).toBe('alpha');
    await atlas.getCompute('c-9');
    expect(a.provider.getCompute).toHaveBeenCalledWith('c-9', {});
    expect(b.calls()).toBe(0);
  });

  it('routes by name, in the request or in the options argument', async () => {
    const { a, b, atlas } = twoClouds();
    await atlas.spawnCompute({ ...REQUEST, provider: 'beta' });
    await atlas.terminate('c-1', { provider: 'beta' });
    await atlas.listCompute({ provider: 'beta', status: 'running' });
    expect(b.provider.spawnCompute).toHaveBeenCalledTimes(1);
    expect(b.provider.terminate).toHaveBeenCalledWith('c-1', {});
    expect(b.provider.listCompute).toHaveBeenCalledWith({ status: 'running' }, {});
    expect(a.calls()).toBe(0);
  });

  it('routes to an unregistered provider instance', async () => {
    const { a, b, atlas } = twoClouds();
    const c = createSpyProvider('gamma');
    const compute = await atlas.spawnCompute({ ...REQUEST, provider: c.provider });
    expect(compute.provider).toBe('gamma');
    expect(a.calls() + b.calls()).toBe(0);
  });

  it('uses the only provider as the default', async () => {
    const only = createSpyProvider('only');
    const atlas = createAtlas({ providers: { only: only.provider } });
    await atlas.stop('c-1');
    expect(only.provider.stop).toHaveBeenCalledWith('c-1', {});
  });

  it('lists provider names and hands out providers', () => {
    const { a, b, atlas } = twoClouds();
    expect(atlas.providers).toEqual(['alpha', 'beta']);
    expect(atlas.provider()).toBe(a.provider);
    expect(atlas.provider('beta')).toBe(b.provider);
  });

  it('rejects an unknown provider name with `validation` listing the configured names', async () => {
    const { a, b, atlas } = twoClouds();
    const error = await rejection(atlas.spawnCompute({ ...REQUEST, provider: 'gamma' as never }));
    expect(error.kind).toBe('validation');
    expect(error.message).toContain("'gamma'");
    expect(error.message).toContain('alpha, beta');
    expect(() => atlas.provider('gamma' as never)).toThrow(/Configured providers: alpha, beta/);
    expect(a.calls() + b.calls()).toBe(0);
  });

  it('asks for a provider when several are configured without a default', async () => {
    const a = createSpyProvider('alpha');
    const b = createSpyProvider('beta');
    const atlas = createAtlas({ providers: { alpha: a.provider, beta: b.provider } });
    const error = await rejection(atlas.getCompute('c-1'));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/pass \{ provider \}.*defaultProvider.*alpha, beta/);
  });

  it('rejects a value that is not a provider, as a call option or in the config', async () => {
    const { atlas } = twoClouds();
    const error = await rejection(atlas.spawnCompute({ ...REQUEST, provider: { id: 'x' } as never }));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/missing methods: spawnCompute/);
    expect(() => createAtlas({ providers: { bad: {} as Provider } })).toThrow(/providers\.bad is not a provider/);
    expect(() => createAtlas({ providers: {} })).toThrow(/at least one provider/);
    expect(() => createAtlas(undefined as never)).toThrow(/needs \{ providers/);
    const a = createSpyProvider('alpha');
    expect(() => createAtlas({ providers: { alpha: a.provider }, defaultProvider: 'nope' as never })).toThrow(
      /defaultProvider 'nope' is not configured/,
    );
  });
});

describe('call options', () => {
  it('merge atlas defaults, then options in the request, then the options argument', async () => {
    const spy = createSpyProvider();
    const fetch = vi.fn();
    const atlas = createAtlas({
      providers: { spy: spy.provider },
      context: { timeoutMs: 1000, fetch, apiKey: 'default-key-0123' },
    });
    await atlas.spawnCompute({ ...REQUEST, apiKey: 'request-key-0123', idempotencyKey: 'idem-1' }, { timeoutMs: 5000 });
    expect(spy.provider.spawnCompute.mock.calls[0]?.[1]).toEqual({
      timeoutMs: 5000,
      fetch,
      apiKey: 'request-key-0123',
      idempotencyKey: 'idem-1',
    });
  });

  it('combine signals: a per-call signal does not disarm the one given to createAtlas', async () => {
    const spy = createSpyProvider();
    const shutdown = new AbortController();
    const perCall = new AbortController();
    const atlas = createAtlas({ providers: { spy: spy.provider }, context: { signal: shutdown.signal } });
    let release = () => {};
    spy.provider.getCompute.mockImplementationOnce(
      (id: string) =>
        new Promise(
          (resolve) =>
            (release = () => resolve({ id, provider: 'spy', status: 'running', gpuCount: 1, ports: [], raw: {} })),
        ),
    );
    const pending = atlas.getCompute('c-1', { signal: perCall.signal });
    await vi.waitFor(() => expect(spy.provider.getCompute).toHaveBeenCalledTimes(1));
    const seen = spy.provider.getCompute.mock.calls[0]?.[1]?.signal;
    expect(seen?.aborted).toBe(false);
    shutdown.abort();
    expect(seen?.aborted).toBe(true);
    release();
    await pending;
    await atlas.getCompute('c-2');
    expect(spy.provider.getCompute.mock.calls[1]?.[1]?.signal).toBe(shutdown.signal);
  });

  it('pass through to the top-level functions', async () => {
    const spy = createSpyProvider();
    await getCompute(spy.provider, 'c-1', { apiKey: 'call-key-0123', baseUrl: 'http://127.0.0.1:1' });
    expect(spy.provider.getCompute).toHaveBeenCalledWith('c-1', {
      apiKey: 'call-key-0123',
      baseUrl: 'http://127.0.0.1:1',
    });
  });
});

describe('capabilities', () => {
  const plain = () => createSpyProvider('plain', ['stop_start']);

  it('reject serverless calls on a provider that does not declare serverless, without calling it', async () => {
    const { provider, calls } = plain();
    const atlas = createAtlas({ providers: { plain: provider } });
    for (const call of [
      () => atlas.runJob({ endpoint: 'ep', input: {} }),
      () => atlas.getJob({ endpoint: 'ep', id: 'j' }),
      () => atlas.cancelJob({ endpoint: 'ep', id: 'j' }),
      () => atlas.streamJob({ endpoint: 'ep', id: 'j' })[Symbol.asyncIterator]().next(),
      () => atlas.listGpuTypes(),
    ]) {
      const error = await rejection(call());
      expect(error.kind).toBe('unsupported');
      expect(error.provider).toBe('plain');
      expect(error.message).toMatch(/does not declare the '(serverless|gpu_catalog)' capability/);
    }
    expect(calls()).toBe(0);
  });

  it('reject a declared capability whose method is missing', async () => {
    const { provider } = createSpyProvider('liar', ['serverless']);
    const { runJob: _dropped, ...withoutRunJob } = provider;
    const error = await rejection(runJob({ provider: withoutRunJob, endpoint: 'ep', input: 1 }));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain("declares 'serverless' but has no runJob() method");
    expect((await rejection(listGpuTypes(withoutRunJob))).kind).toBe('unsupported');
  });

  it('call serverless and catalog methods when declared', async () => {
    const { provider } = createSpyProvider();
    const atlas = createAtlas({ providers: { spy: provider } });
    const job = await atlas.runJob({ endpoint: 'ep', input: { x: 1 } });
    expect(job.status).toBe('in_queue');
    expect(await atlas.getJob(job)).toMatchObject({ id: job.id });
    await atlas.cancelJob(job);
    expect(await collect(atlas.streamJob(job))).toEqual([
      { index: 0, output: 'a' },
      { index: 1, output: 'b' },
    ]);
    expect(await atlas.listGpuTypes()).toEqual([]);
  });
});

describe('errors from providers', () => {
  function broken(method: keyof Provider, implementation: (...args: never[]) => unknown) {
    const { provider } = createSpyProvider('buggy');
    return { ...provider, [method]: implementation } as Provider;
  }

  it('pass AtlasErrors through unchanged', async () => {
    const notFound = new AtlasError({ kind: 'not_found', provider: 'buggy', message: 'no such pod' });
    const provider = broken('getCompute', async () => {
      throw notFound;
    });
    expect(await rejection(getCompute(provider, 'c-1'))).toBe(notFound);
  });

  it.each([
    ['a TypeError thrown synchronously', () => (undefined as unknown as { x: number }).x],
    ['a rejected Error', async () => Promise.reject(new Error('socket hang up'))],
    ['a thrown string', () => Promise.reject('boom')],
    ['a thrown object', () => Promise.reject({ status: 500 })],
  ])('wrap %s as `unknown` with the provider id', async (_label, implementation) => {
    const provider = broken('spawnCompute', implementation);
    const atlas = createAtlas({ providers: { buggy: provider } });
    for (const error of [
      await rejection(atlas.spawnCompute(REQUEST)),
      await rejection(spawnCompute({ ...REQUEST, provider })),
    ]) {
      expect(error.kind).toBe('unknown');
      expect(error.provider).toBe('buggy');
      expect(error.message).toContain('buggy.spawnCompute failed');
    }
  });

  it('never leak an env value that a provider echoes in its error', async () => {
    const value = 'hf-CANARY-env-value-0123456789';
    const provider = broken('spawnCompute', async (request: ComputeRequest) => {
      throw new Error(`cloud rejected the pod: value ${request.env.HF_TOKEN} is not allowed`);
    });
    const error = await rejection(
      spawnCompute({ ...REQUEST, provider, env: { HF_TOKEN: value, MODE: 'production-mode' } }),
    );
    for (const text of [error.message, JSON.stringify(error), String(error.cause)]) expect(text).not.toContain(value);
    const names = ['OPENAI_API_KEY', 'DB_PASSWORD', 'AWS_SECRET_ACCESS_KEY', 'SIGNING_KEY', 'GH_TOKEN_RO'];
    const env = Object.fromEntries(names.map((name) => [name, `CANARY-${name}-value`]));
    await rejection(spawnCompute({ ...REQUEST, provider, env }));
    for (const name of names) expect(redactText(`echo CANARY-${name}-value`), name).toBe('echo [redacted]');
    // Values of any other name too (8 characters or more): a name is no proof that a value is harmless.
    expect(redactText('production-mode')).toBe('[redacted]');
  });

  it('keep the original as a sanitized cause, without leaking a secret in it', async () => {
    const provider = broken('terminate', async () => {
      throw new TypeError('fetch failed: Authorization: Bearer sk-live-canary-0123456789');
    });
    const error = await rejection(terminate(provider, 'c-1'));
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).name).toBe('TypeError');
    expect(JSON.stringify(error)).not.toContain('sk-live-canary-0123456789');
    expect(error.message).not.toContain('sk-live-canary-0123456789');
  });

  it('wrap a stream that fails mid-way, after the chunks it yielded', async () => {
    const provider = broken('streamJob', async function* () {
      yield { index: 0, output: 'a' };
      throw new RangeError('bad frame');
    });
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of streamJob(provider, { endpoint: 'ep', id: 'j' })) seen.push(chunk);
      })(),
    );
    expect(seen).toEqual([{ index: 0, output: 'a' }]);
    expect(error.kind).toBe('unknown');
    expect(error.message).toContain('RangeError: bad frame');
  });

  it('wrap a streamJob that throws before returning an iterable', async () => {
    const provider = broken('streamJob', () => {
      throw new Error('not iterable');
    });
    const error = await rejection(streamJob(provider, { endpoint: 'ep', id: 'j' })[Symbol.asyncIterator]().next());
    expect(error.kind).toBe('unknown');
  });

  it("close the provider's stream when the consumer stops early", async () => {
    let closed = false;
    const provider = broken('streamJob', async function* () {
      try {
        for (let index = 0; ; index++) yield { index, output: index };
      } finally {
        closed = true;
      }
    });
    for await (const chunk of streamJob(provider, { endpoint: 'ep', id: 'j' })) {
      if (chunk.index === 2) break;
    }
    expect(closed).toBe(true);
  });

  it('let stop and start reach the provider, which decides whether it supports them', async () => {
    const { provider } = createSpyProvider('nostop', []);
    const unsupported = new AtlasError({ kind: 'unsupported', provider: 'nostop', message: 'no stop on this cloud' });
    const atlas = createAtlas({
      providers: { nostop: { ...provider, stop: vi.fn(async () => Promise.reject(unsupported)) } },
    });
    expect(await rejection(atlas.stop('c-1'))).toBe(unsupported);
  });
});

describe('top-level functions', () => {
  it('reject a missing or wrong provider with `validation`', async () => {
    for (const provider of [undefined, 'runpod', null, { id: 'x', capabilities: ['teleport'] }]) {
      const error = await rejection(spawnCompute({ ...REQUEST, provider } as never));
      expect(error.kind).toBe('validation');
      expect(error.issues[0]?.path).toBe('provider');
    }
  });
});

describe('types', () => {
  // Checked by `pnpm typecheck` (which covers test/): a typo in a provider name does not compile.
  it('autocomplete provider names, GPU ids and statuses', async () => {
    const atlas = createAtlas({ providers: { alpha: createSpyProvider('alpha').provider } });
    expectTypeOf(atlas.providers).toEqualTypeOf<readonly 'alpha'[]>();
    expectTypeOf<Parameters<typeof atlas.provider>[0]>().toEqualTypeOf<'alpha' | undefined>();
    expectTypeOf<ComputeRequestInput['gpu']>().toEqualTypeOf<GpuId | undefined>();
    expectTypeOf<Compute['status']>().toEqualTypeOf<ComputeStatus>();
    expectTypeOf<Awaited<ReturnType<typeof atlas.getJob>>['status']>().toEqualTypeOf<JobStatus>();
    // @ts-expect-error 'gamma' is not a configured provider
    const typo = atlas.getCompute('c-1', { provider: 'gamma' });
    expect((await rejection(typo)).kind).toBe('validation');
  });
});
