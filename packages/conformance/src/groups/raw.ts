import type { Compute } from '@atlas/core';
import { expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { lazy } from '../lazy.js';
import { uniqueName } from '../settings.js';

/** Every result carries `raw`, and `raw` never holds a compute's env values or its token. */
export function rawGroup(h: Harness): void {
  const { testMs } = h.timeouts;
  const name = uniqueName('raw');
  const secret = `atlas-conformance-secret-${globalThis.crypto.randomUUID()}`;
  const spawned = lazy(() => h.spawn({ name, auth: 'bearer', env: { ATLAS_CONFORMANCE_SECRET: secret } }));
  const fetched = lazy(async () => h.provider().getCompute((await spawned()).id, h.ctx()));
  const listed = lazy(async () => {
    await spawned();
    return h.provider().listCompute({ name }, h.ctx());
  });

  const expectClean = async (computes: readonly Compute[], what: string) => {
    const token = (await spawned()).auth?.token;
    for (const compute of computes) {
      const raw = JSON.stringify(compute.raw) ?? '';
      expect(raw, `${what}: raw holds the env value`).not.toContain(secret);
      if (token !== undefined) expect(raw, `${what}: raw holds the bearer token`).not.toContain(token);
    }
  };

  it(
    'spawn returns raw',
    async () => {
      expect((await spawned()).raw, 'raw of the spawn result').toBeDefined();
    },
    testMs,
  );

  it(
    'getCompute returns raw',
    async () => {
      expect((await fetched()).raw, 'raw of the getCompute result').toBeDefined();
    },
    testMs,
  );

  it(
    'listCompute returns raw on every compute',
    async () => {
      const computes = await listed();
      expect(computes.length, 'listCompute({ name }) finds the compute').toBeGreaterThan(0);
      expect(
        computes.filter((c) => c.raw === undefined).map((c) => c.id),
        'computes without raw',
      ).toEqual([]);
    },
    testMs,
  );

  it(
    'raw of spawn holds no env value and no token',
    async () => {
      await expectClean([await spawned()], 'spawn');
    },
    testMs,
  );

  it(
    'raw of getCompute holds no env value and no token',
    async () => {
      await expectClean([await fetched()], 'getCompute');
    },
    testMs,
  );

  it(
    'raw of listCompute holds no env value and no token',
    async () => {
      await expectClean(await listed(), 'listCompute');
    },
    testMs,
  );
}
