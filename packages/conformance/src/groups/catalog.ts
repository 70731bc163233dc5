import { GpuTypeSchema, type Provider } from '@atlas/core';
import { nativeGpuIds, toCanonicalGpu } from '@atlas/core/provider';
import { expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { schemaProblems } from '../schema-check.js';

/** listGpuTypes entries are well-formed and their canonical ids agree with the provider's gpuMap. */
export function catalogGroup(h: Harness): void {
  const { testMs } = h.timeouts;
  const entries = async () => {
    const provider: Provider = h.provider();
    if (typeof provider.listGpuTypes !== 'function')
      return expect.fail('gpu_catalog needs listGpuTypes, which the provider lacks');
    return provider.listGpuTypes(h.ctx());
  };

  it(
    'listGpuTypes returns at least one entry',
    async () => {
      expect((await entries()).length).toBeGreaterThan(0);
    },
    testMs,
  );

  it(
    "every entry has an id and the provider's id",
    async () => {
      const bad = (await entries()).filter(
        (e) => typeof e.id !== 'string' || e.id === '' || e.provider !== h.provider().id,
      );
      expect(bad.map((e) => `${e.id} (provider ${e.provider})`)).toEqual([]);
    },
    testMs,
  );

  it(
    'entry ids are unique',
    async () => {
      const ids = (await entries()).map((e) => e.id);
      expect(
        ids.filter((id, i) => ids.indexOf(id) !== i),
        'ids listed more than once (rule: one entry per native GPU type)',
      ).toEqual([]);
    },
    testMs,
  );

  it(
    "every entry the provider's gpuMap knows carries its canonical id",
    async () => {
      const map = h.provider().gpuMap ?? {};
      const bad = (await entries())
        .map((e) => ({ e, known: toCanonicalGpu(map, e.id) }))
        .filter(({ known }) => known !== undefined)
        .filter(
          ({ e }) =>
            e.canonical === undefined ||
            !nativeGpuIds(map, e.canonical).some((n) => n.toLowerCase() === e.id.toLowerCase()),
        )
        .map(
          ({ e, known }) =>
            `${e.id}: expected canonical '${known}' (or another id mapping to it), saw ${JSON.stringify(e.canonical)}`,
        );
      expect(bad, 'entries whose canonical id is missing or wrong though the gpuMap maps them').toEqual([]);
    },
    testMs,
  );

  it(
    'every price is a number >= 0 where present',
    async () => {
      const bad = (await entries()).flatMap((e) =>
        Object.entries(e.pricePerHour ?? {})
          .filter(
            ([, price]) => price !== undefined && !(typeof price === 'number' && Number.isFinite(price) && price >= 0),
          )
          .map(([cloud, price]) => `${e.id}.${cloud}: ${String(price)}`),
      );
      expect(bad).toEqual([]);
    },
    testMs,
  );

  it(
    "every canonical id maps back to the entry through the provider's gpuMap",
    async () => {
      const map = h.provider().gpuMap ?? {};
      const bad = (await entries())
        .filter((e) => e.canonical !== undefined)
        .filter(
          (e) => !nativeGpuIds(map, e.canonical ?? '').some((native) => native.toLowerCase() === e.id.toLowerCase()),
        )
        .map((e) => `${e.id} -> ${e.canonical}`);
      expect(bad, 'entries whose canonical id does not map back to their native id').toEqual([]);
    },
    testMs,
  );

  it(
    'every entry matches GpuTypeSchema and holds no secret',
    async () => {
      const bad = (await entries()).flatMap((e) =>
        schemaProblems(GpuTypeSchema, e, 'GPU type').map((p) => `${e.id} ${p}`),
      );
      expect(bad).toEqual([]);
      await h.expectNoLeaks(await entries(), 'listGpuTypes result');
    },
    testMs,
  );

  it(
    'every entry carries raw',
    async () => {
      expect((await entries()).filter((e) => e.raw === undefined).map((e) => e.id)).toEqual([]);
    },
    testMs,
  );
}
