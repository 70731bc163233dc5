import type { Capability, ComputeRequest, ComputeRequestInput } from '@atlas/core';
import { expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { uniqueName } from '../settings.js';

/**
 * Unknown ids are not_found; bad requests fail before anything leaves the process; an aborted
 * signal stops a call before it does anything. Every rejection is an AtlasError naming the
 * provider, and holds no secret.
 */
export function errorsGroup(h: Harness, declared: readonly Capability[]): void {
  const { testMs } = h.timeouts;
  const missing = () => `atlas-conformance-missing-${globalThis.crypto.randomUUID()}`;
  // Without stop_start, `unsupported` is as right an answer as not_found.
  const stopKinds = declared.includes('stop_start')
    ? (['not_found'] as const)
    : (['not_found', 'unsupported'] as const);

  it(
    'getCompute of an unknown id rejects not_found',
    async () => {
      await h.rejects(() => h.provider().getCompute(missing(), h.ctx()), ['not_found'], 'getCompute of an unknown id');
    },
    testMs,
  );

  it(
    'stop of an unknown id rejects not_found',
    async () => {
      await h.rejects(() => h.provider().stop(missing(), h.ctx()), stopKinds, 'stop of an unknown id');
    },
    testMs,
  );

  it(
    'start of an unknown id rejects not_found',
    async () => {
      await h.rejects(() => h.provider().start(missing(), h.ctx()), stopKinds, 'start of an unknown id');
    },
    testMs,
  );

  it(
    'terminate of an unknown id rejects not_found',
    async () => {
      await h.rejects(() => h.provider().terminate(missing(), h.ctx()), ['not_found'], 'terminate of an unknown id');
    },
    testMs,
  );

  /** Spawns a request that must be refused, and proves nothing was sent and nothing was created. */
  async function refusedBeforeCalling(input: Partial<ComputeRequestInput> & Record<string, unknown>, what: string) {
    const name = uniqueName('invalid');
    const request = { ...h.request({ name }), ...input } as ComputeRequest;
    const requestsBefore = h.context.requests;
    const spawnsBefore = await h.options.faults?.count?.('spawnCompute');
    await h.rejects(() => h.provider().spawnCompute(request, h.ctx()), ['validation', 'unsupported'], what);
    expect(h.context.requests - requestsBefore, `${what}: HTTP requests sent through ctx.fetch`).toBe(0);
    if (spawnsBefore !== undefined) {
      expect(await h.options.faults?.count?.('spawnCompute'), `${what}: spawn requests that reached the server`).toBe(
        spawnsBefore,
      );
    }
    const created = await h.provider().listCompute({ name }, h.ctx());
    for (const compute of created) h.track(compute.id);
    expect(
      created.map((c) => c.id),
      `${what}: computes created anyway`,
    ).toEqual([]);
  }

  it(
    'gpuCount 0 rejects validation without calling the provider',
    async () => {
      await refusedBeforeCalling({ gpuCount: 0 }, 'spawn with gpuCount 0');
    },
    testMs,
  );

  it(
    'a GPU the provider lacks rejects validation or unsupported without calling the provider',
    async () => {
      await refusedBeforeCalling(
        { gpu: h.options.unknownGpu ?? 'atlas_conformance_no_such_gpu' },
        'spawn with an unknown GPU',
      );
    },
    testMs,
  );

  it(
    'an empty image rejects validation without calling the provider',
    async () => {
      await refusedBeforeCalling({ image: '' }, 'spawn with an empty image');
    },
    testMs,
  );

  it(
    'a call whose signal already aborted rejects transport (getCompute, listCompute, stop, terminate)',
    async () => {
      const { id } = await h.spawn({ name: uniqueName('aborted') });
      const signal = AbortSignal.abort(new Error('atlas conformance: aborted before the call'));
      const calls = {
        getCompute: () => h.provider().getCompute(id, h.ctx({ signal })),
        listCompute: () => h.provider().listCompute({}, h.ctx({ signal })),
        stop: () => h.provider().stop(id, h.ctx({ signal })),
        terminate: () => h.provider().terminate(id, h.ctx({ signal })),
      };
      for (const [operation, call] of Object.entries(calls)) {
        const kinds =
          operation === 'stop' && !declared.includes('stop_start')
            ? (['transport', 'unsupported'] as const)
            : (['transport'] as const);
        await h.rejects(
          call,
          kinds,
          `${operation} with an aborted signal (rule: an aborted call is transport, not retried)`,
        );
      }
      expect((await h.provider().getCompute(id, h.ctx())).status, 'status after an aborted terminate').not.toBe(
        'terminated',
      );
    },
    testMs,
  );

  it(
    'a spawn whose signal already aborted rejects and creates nothing',
    async () => {
      const name = uniqueName('aborted-spawn');
      const signal = AbortSignal.abort(new Error('atlas conformance: aborted before the call'));
      await h.rejects(
        () => h.provider().spawnCompute(h.request({ name }), h.ctx({ signal })),
        ['transport'],
        'spawn with an aborted signal',
      );
      const created = await h.provider().listCompute({ name }, h.ctx());
      for (const compute of created) h.track(compute.id);
      expect(
        created.map((c) => c.id),
        'computes created by an aborted spawn',
      ).toEqual([]);
    },
    testMs,
  );
}
