import { expect, it } from 'vitest';
import type { Harness, Secret } from '../harness.js';
import { uniqueName } from '../settings.js';

/**
 * Every result carries `raw`, and no result (raw included) holds an env value, the bearer token,
 * or the API key and other secrets of hooks.secrets, in any encoding (plain, URL, hex, base64).
 */
export function rawGroup(h: Harness): void {
  const { testMs } = h.timeouts;
  /** A compute whose env holds a canary, with the secrets that must not come back. */
  const spawnWithSecrets = async () => {
    const name = uniqueName('raw');
    const envValue = `atlas-conformance-secret-${globalThis.crypto.randomUUID()}`;
    const compute = await h.spawn({ name, auth: 'bearer', env: { ATLAS_CONFORMANCE_SECRET: envValue } });
    const secrets: Secret[] = [{ label: 'an env value', value: envValue }];
    if (compute.auth !== undefined) secrets.push({ label: 'the bearer token', value: compute.auth.token });
    return { name, compute, secrets };
  };

  it(
    'spawn, getCompute and every listCompute item carry raw',
    async () => {
      const { name, compute } = await spawnWithSecrets();
      expect(compute.raw, 'raw of the spawn result').toBeDefined();
      expect((await h.provider().getCompute(compute.id, h.ctx())).raw, 'raw of the getCompute result').toBeDefined();
      const listed = await h.provider().listCompute({ name }, h.ctx());
      expect(listed.length, 'listCompute({ name }) finds the compute').toBeGreaterThan(0);
      expect(
        listed.filter((c) => c.raw === undefined).map((c) => c.id),
        'computes listed without raw',
      ).toEqual([]);
    },
    testMs,
  );

  it(
    'the spawn result holds no env value, token or API key, in any encoding',
    async () => {
      const { compute, secrets } = await spawnWithSecrets();
      const { auth: _handle, ...rest } = compute;
      await h.expectNoLeaks(rest, 'the spawn result (raw included, the auth handle left out)', secrets);
    },
    testMs,
  );

  it(
    'the getCompute result holds no env value, token or API key, in any encoding',
    async () => {
      const { compute, secrets } = await spawnWithSecrets();
      await h.expectNoLeaks(await h.provider().getCompute(compute.id, h.ctx()), 'the getCompute result', secrets);
    },
    testMs,
  );

  it(
    'the listCompute items hold no env value, token or API key, in any encoding',
    async () => {
      const { secrets } = await spawnWithSecrets();
      await h.expectNoLeaks(await h.provider().listCompute({}, h.ctx()), 'the listCompute result', secrets);
    },
    testMs,
  );

  it(
    'no request URL carries the API key, an env value or the token',
    async () => {
      const { name, compute, secrets } = await spawnWithSecrets();
      await h.provider().getCompute(compute.id, h.ctx());
      await h.provider().listCompute({ name }, h.ctx());
      await h.expectNoLeaks(h.context.urls, 'the URLs requested through ctx.fetch (keys belong in headers)', secrets);
    },
    testMs,
  );

  it(
    'a rejection holds no API key and no env value',
    async () => {
      const { secrets } = await spawnWithSecrets();
      const missing = `atlas-conformance-missing-${globalThis.crypto.randomUUID()}`;
      await h.rejects(
        () => h.provider().getCompute(missing, h.ctx()),
        ['not_found'],
        'getCompute of an unknown id',
        secrets,
      );
      await h.rejects(
        () => h.provider().terminate(missing, h.ctx()),
        ['not_found'],
        'terminate of an unknown id',
        secrets,
      );
    },
    testMs,
  );
}
