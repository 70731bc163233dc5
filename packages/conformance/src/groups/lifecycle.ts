import { type Capability, COMPUTE_STATUSES, type ComputeFilter, ComputeSchema } from '@atlas/core';
import { expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { lazy } from '../lazy.js';
import { pollUntil } from '../poll.js';
import { expectAtlasError, isNotFound } from '../rejection.js';
import { schemaProblems } from '../schema-check.js';
import { uniqueName } from '../settings.js';

/** spawn -> get -> list (filters) -> stop/start -> terminate -> gone, one assertion per test. */
export function lifecycleGroup(h: Harness, declared: readonly Capability[]): void {
  const { testMs } = h.timeouts;
  const name = uniqueName('lifecycle');
  // The sibling's name starts with `name`, so treating a name filter as a prefix shows; the
  // other's does not, so ignoring a namePrefix filter shows.
  const siblingName = `${name}-sibling`;
  const otherName = uniqueName('lifecycle-other');
  const spawned = lazy(() => h.spawn({ name }));
  const sibling = lazy(() => h.spawn({ name: siblingName }));
  // Two GPUs, so that a spawn that ignores gpuCount (always 1) shows.
  const other = lazy(() => h.spawn({ name: otherName, gpuCount: 2 }));
  const running = lazy(async () => {
    const { id } = await spawned();
    return h.waitForStatus(id, ['running'], `compute ${id} should become running`);
  });
  const list = (filter: ComputeFilter) => h.provider().listCompute(filter, h.ctx());

  it(
    "spawn returns a Compute stamped with the provider's id",
    async () => {
      expect((await spawned()).provider).toBe(h.provider().id);
    },
    testMs,
  );

  it(
    'spawn returns a non-empty string id',
    async () => {
      const { id } = await spawned();
      expect(typeof id === 'string' && id.length > 0, `id ${JSON.stringify(id)}`).toBe(true);
    },
    testMs,
  );

  it(
    'spawn returns a known status',
    async () => {
      expect(COMPUTE_STATUSES).toContain((await spawned()).status);
    },
    testMs,
  );

  it(
    'spawn returns the requested gpuCount',
    async () => {
      expect((await spawned()).gpuCount, 'gpuCount of a spawn that asked for 1').toBe(1);
      expect((await other()).gpuCount, 'gpuCount of a spawn that asked for 2').toBe(2);
    },
    testMs,
  );

  it(
    'spawn returns the requested name',
    async () => {
      expect((await spawned()).name).toBe(name);
    },
    testMs,
  );

  it(
    'spawn returns the requested ports',
    async () => {
      const compute = await spawned();
      const wanted = h.request().ports.map((p) => ({ internal: p.port, protocol: p.protocol }));
      const got = compute.ports.map((p) => ({ internal: p.internal, protocol: p.protocol }));
      expect(got).toEqual(expect.arrayContaining(wanted));
    },
    testMs,
  );

  it(
    'spawn returns a Compute that matches ComputeSchema',
    async () => {
      expect(schemaProblems(ComputeSchema, await spawned(), 'compute')).toEqual([]);
    },
    testMs,
  );

  it(
    'getCompute returns the compute with the same id',
    async () => {
      // Two computes, so that a getCompute that ignores its argument cannot pass by luck.
      for (const { id } of [await spawned(), await other()]) {
        expect((await h.provider().getCompute(id, h.ctx())).id, `getCompute('${id}').id`).toBe(id);
      }
    },
    testMs,
  );

  it(
    'the compute becomes running',
    async () => {
      expect((await running()).status).toBe('running');
    },
    testMs,
  );

  it(
    'listCompute() contains the compute',
    async () => {
      const { id } = await spawned();
      expect((await list({})).map((c) => c.id)).toContain(id);
    },
    testMs,
  );

  it(
    'listCompute({ name }) contains the compute',
    async () => {
      const { id } = await spawned();
      expect((await list({ name })).map((c) => c.id)).toContain(id);
    },
    testMs,
  );

  it(
    'listCompute({ name }) returns only computes with that name',
    async () => {
      await spawned();
      await sibling();
      await other();
      const names = (await list({ name })).map((c) => c.name);
      expect(
        names.filter((n) => n !== name),
        'computes with another name (a name filter is exact, not a prefix)',
      ).toEqual([]);
    },
    testMs,
  );

  it(
    'listCompute({ namePrefix }) contains the computes whose name starts with it',
    async () => {
      const ids = [(await spawned()).id, (await sibling()).id];
      expect((await list({ namePrefix: name })).map((c) => c.id)).toEqual(expect.arrayContaining(ids));
    },
    testMs,
  );

  it(
    'listCompute({ namePrefix }) returns only computes whose name starts with it',
    async () => {
      await spawned();
      await other();
      const names = (await list({ namePrefix: name })).map((c) => c.name);
      expect(
        names.filter((n) => !n?.startsWith(name)),
        'computes whose name lacks the prefix',
      ).toEqual([]);
    },
    testMs,
  );

  it(
    "listCompute({ status: 'running' }) contains the running compute",
    async () => {
      const { id } = await running();
      expect((await list({ status: 'running' })).map((c) => c.id)).toContain(id);
    },
    testMs,
  );

  it(
    'listCompute({ status }) returns only computes in that status',
    async () => {
      const { id } = await running();
      const stopped = await list({ status: 'stopped' });
      expect(
        stopped.filter((c) => c.status !== 'stopped').map((c) => `${c.id}: ${c.status}`),
        'non-stopped computes',
      ).toEqual([]);
      expect(
        stopped.map((c) => c.id),
        'a running compute listed as stopped',
      ).not.toContain(id);
    },
    testMs,
  );

  if (declared.includes('stop_start')) {
    it(
      'stop, then getCompute shows stopped',
      async () => {
        const { id } = await running();
        await h.provider().stop(id, h.ctx());
        await h.waitForStatus(id, ['stopped'], `compute ${id} should show stopped after stop`);
      },
      testMs,
    );

    it(
      'start, then getCompute shows running or provisioning',
      async () => {
        const { id } = await running();
        await h.waitForStatus(id, ['stopped'], `compute ${id} should be stopped before start`);
        await h.provider().start(id, h.ctx());
        await h.waitForStatus(
          id,
          ['running', 'provisioning'],
          `compute ${id} should show running or provisioning after start`,
        );
      },
      testMs,
    );
  }

  it(
    'terminate, then getCompute shows terminated or rejects not_found',
    async () => {
      const { id } = await spawned();
      await h.provider().terminate(id, h.ctx());
      await pollUntil(
        async () => {
          try {
            return (await h.provider().getCompute(id, h.ctx())).status;
          } catch (error) {
            if (isNotFound(error)) return 'not_found';
            throw expectAtlasError(error, h.provider().id, 'getCompute after terminate');
          }
        },
        (status) => status === 'terminated' || status === 'not_found',
        h.timeouts,
        `compute ${id} should be terminated or not_found after terminate`,
        (status) => `status '${status}'`,
      );
    },
    testMs,
  );

  it(
    'a second terminate is harmless or rejects not_found',
    async () => {
      const { id } = await spawned();
      try {
        await h.provider().terminate(id, h.ctx());
      } catch (error) {
        expect(expectAtlasError(error, h.provider().id, 'a second terminate').kind).toBe('not_found');
      }
    },
    testMs,
  );
}
