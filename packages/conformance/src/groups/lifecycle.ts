import type { Capability, ComputeFilter, ComputeRequestInput, ComputeStatus } from '@atlas/core';
import { nativeGpuIds } from '@atlas/core/provider';
import { expect, it } from 'vitest';
import { type Expected, expectCompute } from '../compute-checks.js';
import type { Harness } from '../harness.js';
import { pollUntil } from '../poll.js';
import { expectAtlasError, isNotFound } from '../rejection.js';
import { uniqueName } from '../settings.js';

/**
 * spawn -> get -> list (filters, pages) -> stop/start -> fail -> terminate -> gone. Every test
 * spawns its own computes, so any one runs alone; every read path is checked field by field.
 */
export function lifecycleGroup(h: Harness, declared: readonly Capability[]): void {
  const { testMs } = h.timeouts;
  const list = (filter: ComputeFilter) => h.provider().listCompute(filter, h.ctx());
  const get = (id: string) => h.provider().getCompute(id, h.ctx());
  const expected = (input: Partial<ComputeRequestInput>, extra: Partial<Expected> = {}): Expected => {
    const request = h.request(input);
    return {
      ...(request.name === undefined ? {} : { name: request.name }),
      gpu: h.options.gpu,
      gpuCount: request.gpuCount,
      ...(request.image === undefined ? {} : { image: request.image }),
      ports: request.ports,
      ...extra,
    };
  };
  /** Spawns and returns the compute with what it must report. */
  const spawnChecked = async (input: Partial<ComputeRequestInput> = {}) => {
    const spawnedAt = Date.now();
    const compute = await h.spawn(input);
    return { compute, expect: expected(input, { id: compute.id, spawnedAt }) };
  };
  const listedById = async (filter: ComputeFilter, id: string) => (await list(filter)).find((c) => c.id === id);
  /** Polls until getCompute and the list agree on a status (or the compute is gone). */
  const settled = (id: string, statuses: readonly string[], filter: ComputeFilter, what: string) =>
    pollUntil(
      async () => {
        let viaGet: string;
        try {
          viaGet = (await get(id)).status;
        } catch (error) {
          if (!isNotFound(error)) throw expectAtlasError(error, h.provider().id, `getCompute of ${id}`);
          viaGet = 'not_found';
        }
        const viaList = (await listedById(filter, id))?.status ?? 'absent';
        return { viaGet, viaList };
      },
      (s) => statuses.includes(s.viaGet) && statuses.includes(s.viaList),
      h.timeouts,
      what,
      (s) => `getCompute '${s.viaGet}', listCompute '${s.viaList}'`,
    );

  it(
    'spawn reports every normalized field as requested (provider, id, name, gpu, gpuCount, image, ports, createdAt, schema)',
    async () => {
      const { compute, expect: want } = await spawnChecked({ name: uniqueName('lifecycle') });
      expect(typeof compute.id === 'string' && compute.id.length > 0, `id ${JSON.stringify(compute.id)}`).toBe(true);
      expectCompute(compute, want, h.provider(), 'spawn');
    },
    testMs,
  );

  it(
    'getCompute reports every normalized field as requested, for each of two computes',
    async () => {
      // Two computes that differ in gpuCount and name, so that a get that ignores its id shows.
      const one = await spawnChecked({ name: uniqueName('lifecycle-get') });
      const two = await spawnChecked({ name: uniqueName('lifecycle-get'), gpuCount: 2 });
      for (const { compute, expect: want } of [one, two]) {
        expectCompute(await get(compute.id), want, h.provider(), `getCompute('${compute.id}')`);
      }
    },
    testMs,
  );

  it(
    'each listCompute item reports every normalized field as requested',
    async () => {
      const prefix = uniqueName('lifecycle-list');
      const one = await spawnChecked({ name: `${prefix}-a` });
      const two = await spawnChecked({ name: `${prefix}-b`, gpuCount: 2 });
      const all = await list({});
      for (const { compute, expect: want } of [one, two]) {
        expectCompute(
          all.find((c) => c.id === compute.id),
          want,
          h.provider(),
          `listCompute() item ${compute.id}`,
        );
      }
    },
    testMs,
  );

  it(
    'the compute becomes running, and getCompute and listCompute both say so',
    async () => {
      const { compute, expect: want } = await spawnChecked({ name: uniqueName('lifecycle-running') });
      const running = await h.waitForStatus(compute.id, ['running'], `compute ${compute.id} should become running`);
      expectCompute(running, { ...want, statuses: ['running'] }, h.provider(), 'getCompute once running');
      expectCompute(
        await listedById({}, compute.id),
        { ...want, statuses: ['running'] },
        h.provider(),
        'listCompute() once running',
      );
    },
    testMs,
  );

  it(
    'listCompute({ name }) returns the compute and only computes with exactly that name',
    async () => {
      const name = uniqueName('lifecycle-name');
      const { compute } = await spawnChecked({ name });
      // The sibling's name starts with `name`, so a name filter treated as a prefix shows.
      await h.spawn({ name: `${name}-sibling` });
      await h.spawn({ name: uniqueName('lifecycle-other') });
      const found = await list({ name });
      expect(
        found.map((c) => c.id),
        'listCompute({ name }) must contain the compute with that name',
      ).toContain(compute.id);
      expect(
        found.filter((c) => c.name !== name).map((c) => `${c.id}: ${c.name}`),
        'computes with another name (rule: a name filter is exact, not a prefix)',
      ).toEqual([]);
    },
    testMs,
  );

  it(
    'listCompute({ namePrefix }) returns exactly the computes whose name starts with it',
    async () => {
      const prefix = uniqueName('lifecycle-prefix');
      const ids = [(await h.spawn({ name: `${prefix}-a` })).id, (await h.spawn({ name: `${prefix}-b` })).id];
      await h.spawn({ name: uniqueName('lifecycle-other') });
      const found = await list({ namePrefix: prefix });
      expect(found.map((c) => c.id).sort(), 'ids listed for the prefix').toEqual([...ids].sort());
    },
    testMs,
  );

  it(
    'listCompute({ gpu }) and listCompute({ region }) return the compute for its own GPU and region, and not for others',
    async () => {
      const { compute } = await spawnChecked({ name: uniqueName('lifecycle-gpu-region') });
      const map = h.provider().gpuMap ?? {};
      const mine = new Set(nativeGpuIds(map, h.options.gpu).map((id) => id.toLowerCase()));
      // A GPU of the map that shares no model with the requested one.
      const other = Object.keys(map).find((gpu) => nativeGpuIds(map, gpu).every((id) => !mine.has(id.toLowerCase())));
      expect(
        await listedById({ gpu: h.options.gpu }, compute.id),
        `listCompute({ gpu: '${h.options.gpu}' })`,
      ).toBeDefined();
      if (other !== undefined) {
        expect(
          await listedById({ gpu: other }, compute.id),
          `listCompute({ gpu: '${other}' }) listed a ${h.options.gpu}`,
        ).toBeUndefined();
      }
      const { region } = await get(compute.id);
      if (region !== undefined) {
        expect(await listedById({ region }, compute.id), `listCompute({ region: '${region}' })`).toBeDefined();
      }
      expect(
        await listedById({ region: 'atlas-conformance-nowhere' }, compute.id),
        "listCompute({ region: 'atlas-conformance-nowhere' }) listed the compute",
      ).toBeUndefined();
    },
    testMs,
  );

  it(
    'a name of 120 characters round-trips through spawn, getCompute and listCompute({ name }), or is refused as validation',
    async () => {
      const prefix = uniqueName('lifecycle-long');
      const name = `${prefix}-${'x'.repeat(120)}`.slice(0, 120);
      const spawnedAt = Date.now();
      let compute: Awaited<ReturnType<typeof h.spawn>>;
      try {
        compute = await h.spawn({ name });
      } catch (error) {
        // A cloud with a shorter limit may refuse the name, but never shorten it silently.
        const refusal = expectAtlasError(error, h.provider().id, 'spawn with a 120-character name');
        expect(refusal.kind, `spawn with a 120-character name rejected ${refusal.kind}: ${refusal.message}`).toBe(
          'validation',
        );
        const created = await list({ namePrefix: prefix });
        for (const c of created) h.track(c.id);
        expect(
          created.map((c) => `${c.id}: ${c.name}`),
          'computes created by a refused spawn',
        ).toEqual([]);
        return;
      }
      const want = expected({ name }, { id: compute.id, spawnedAt });
      expectCompute(compute, want, h.provider(), 'spawn with a long name');
      expectCompute(await get(compute.id), want, h.provider(), 'getCompute of a long name');
      expectCompute(await listedById({ name }, compute.id), want, h.provider(), 'listCompute({ name }) of a long name');
    },
    testMs,
  );

  /** Two computes in two statuses, listed by each status, by both (an array) and by neither. */
  const statusFilterTest = (other: ComputeStatus, makeOther: (id: string) => Promise<unknown>) => async () => {
    const prefix = uniqueName(`lifecycle-status-${other}`);
    const a = await h.spawnRunning({ name: `${prefix}-running` });
    const b = await h.spawnRunning({ name: `${prefix}-${other}` });
    await makeOther(b.id);
    await h.waitForStatus(b.id, [other], `compute ${b.id} should become ${other}`);
    const ids = async (status: ComputeFilter['status']) => {
      const found = await list({ status });
      const wanted = Array.isArray(status) ? status : [status];
      expect(
        found.filter((c) => !wanted.includes(c.status)).map((c) => `${c.id}: ${c.status}`),
        `listCompute({ status: ${JSON.stringify(status)} }) returned computes in other statuses`,
      ).toEqual([]);
      return found.map((c) => c.id).filter((id) => id === a.id || id === b.id);
    };
    expect(await ids('running'), "listCompute({ status: 'running' })").toEqual([a.id]);
    expect(await ids(other), `listCompute({ status: '${other}' })`).toEqual([b.id]);
    expect((await ids(['running', other])).sort(), `listCompute({ status: ['running', '${other}'] })`).toEqual(
      [a.id, b.id].sort(),
    );
    expect(
      await ids(['provisioning', 'terminated']),
      "listCompute({ status: ['provisioning', 'terminated'] })",
    ).toEqual([]);
  };

  if (declared.includes('stop_start')) {
    it(
      'listCompute({ status }) with running and stopped computes returns the matches and only them, for one status or an array',
      statusFilterTest('stopped', (id) => h.provider().stop(id, h.ctx())),
      testMs,
    );

    it(
      'stop, then getCompute and listCompute show stopped',
      async () => {
        const { id } = await h.spawnRunning({ name: uniqueName('lifecycle-stop') });
        await h.provider().stop(id, h.ctx());
        await settled(id, ['stopped'], {}, `compute ${id} should show stopped after stop`);
      },
      testMs,
    );

    it(
      'start brings a stopped compute back to running',
      async () => {
        const { id } = await h.spawnRunning({ name: uniqueName('lifecycle-start') });
        await h.provider().stop(id, h.ctx());
        await h.waitForStatus(id, ['stopped'], `compute ${id} should be stopped before start`);
        await h.provider().start(id, h.ctx());
        await settled(id, ['running'], {}, `compute ${id} should be running again after start`);
      },
      testMs,
    );
  } else {
    h.withHooks(
      ['failCompute'],
      'listCompute({ status }) with running and failed computes returns the matches and only them, for one status or an array',
      statusFilterTest('failed', (id) => Promise.resolve(h.hooks.failCompute?.(id, h.provider()))),
    );
  }

  h.withHooks(['failCompute'], 'a compute that crashed reads failed on getCompute and listCompute', async () => {
    const { id } = await h.spawnRunning({ name: uniqueName('lifecycle-failed') });
    await h.hooks.failCompute?.(id, h.provider());
    await settled(id, ['failed'], {}, `compute ${id} should show failed after it crashed`);
    expect(
      (await list({ status: 'failed' })).map((c) => c.id),
      "listCompute({ status: 'failed' }) must list the crashed compute",
    ).toContain(id);
    expect(
      (await list({ status: ['running', 'provisioning'] })).map((c) => c.id),
      "listCompute({ status: ['running', 'provisioning'] }) must not list a crashed compute",
    ).not.toContain(id);
  });

  h.withHooks(['preemptCompute'], 'a preempted compute never reads running again', async () => {
    const { id } = await h.spawnRunning({ name: uniqueName('lifecycle-preempted') });
    await h.hooks.preemptCompute?.(id, h.provider());
    await settled(
      id,
      ['stopped', 'terminated', 'failed', 'not_found', 'absent'],
      {},
      `compute ${id} should stop being running after a preemption`,
    );
  });

  h.withHooks(['setPageSize'], 'listCompute follows every page of a paginated answer', async () => {
    const prefix = uniqueName('lifecycle-pages');
    const ids: string[] = [];
    for (const suffix of ['a', 'b', 'c', 'd', 'e']) ids.push((await h.spawn({ name: `${prefix}-${suffix}` })).id);
    await h.hooks.setPageSize?.(2);
    try {
      const all = (await list({})).map((c) => c.id);
      expect(
        ids.filter((id) => !all.includes(id)),
        'computes missing from listCompute() with 2 per page (rule: a list returns every page)',
      ).toEqual([]);
      const byPrefix = (await list({ namePrefix: prefix })).map((c) => c.id);
      expect(byPrefix.sort(), 'listCompute({ namePrefix }) with 2 per page').toEqual([...ids].sort());
      expect(new Set(all).size, 'listCompute() returned a compute twice across pages').toBe(all.length);
    } finally {
      await h.hooks.setPageSize?.(undefined);
    }
  });

  it(
    'terminate, then getCompute and listCompute show terminated or nothing',
    async () => {
      const { id } = await h.spawnRunning({ name: uniqueName('lifecycle-terminate') });
      // Listed while live first, so that a list served from a cache that terminate does not update shows.
      expect(
        (await list({})).map((c) => c.id),
        'listCompute() of the live compute',
      ).toContain(id);
      await h.provider().terminate(id, h.ctx());
      await settled(
        id,
        ['terminated', 'not_found', 'absent'],
        {},
        `compute ${id} should be terminated or gone after terminate`,
      );
      expect(
        (await list({ status: ['running', 'provisioning', 'stopped'] })).map((c) => c.id),
        'a terminated compute listed as live',
      ).not.toContain(id);
    },
    testMs,
  );

  it(
    'a second terminate is harmless or rejects not_found',
    async () => {
      const { id } = await h.spawn({ name: uniqueName('lifecycle-terminate-twice') });
      await h.provider().terminate(id, h.ctx());
      try {
        await h.provider().terminate(id, h.ctx());
      } catch (error) {
        expect(expectAtlasError(error, h.provider().id, 'a second terminate').kind).toBe('not_found');
      }
    },
    testMs,
  );
}
