import { PRESHARED_KEY_ENV, verifyToken } from '@atlas/core';
import { expect, it } from 'vitest';
import type { Harness } from '../harness.js';
import { lazy } from '../lazy.js';
import { uniqueName } from '../settings.js';

/** 256 bits, as mintToken makes them. */
const MIN_TOKEN_BYTES = 32;

/** `auth: 'bearer'` mints a fresh strong token, hands it out once, and injects it into the compute. */
export function authGroup(h: Harness): void {
  const { testMs } = h.timeouts;
  const first = lazy(() => h.spawn({ name: uniqueName('auth'), auth: 'bearer' }));
  const second = lazy(() => h.spawn({ name: uniqueName('auth'), auth: 'bearer' }));
  const handle = async () => {
    const auth = (await first()).auth;
    if (auth === undefined) return expect.fail("spawn with auth 'bearer' returned no auth handle");
    return auth;
  };

  it(
    "spawn with auth 'bearer' returns a bearer handle",
    async () => {
      const auth = await handle();
      expect(auth.scheme).toBe('bearer');
      expect(auth.token).toEqual(expect.any(String));
    },
    testMs,
  );

  it(
    'the token is base64url carrying at least 32 random bytes',
    async () => {
      const { token } = await handle();
      expect(token, 'token alphabet').toMatch(/^[A-Za-z0-9_-]+$/);
      const bytes = base64UrlBytes(token);
      expect(bytes.length, 'decoded token length in bytes').toBeGreaterThanOrEqual(MIN_TOKEN_BYTES);
      // A constant or counter-like token repeats bytes; 32 random bytes almost never have < 16 distinct values.
      expect(new Set(bytes).size, 'distinct byte values in the token').toBeGreaterThanOrEqual(16);
    },
    testMs,
  );

  it(
    'two spawns never share a token',
    async () => {
      const a = (await first()).auth?.token;
      const b = (await second()).auth?.token;
      expect(a, 'first token').toEqual(expect.any(String));
      expect(b, 'second token').not.toBe(a);
    },
    testMs,
  );

  it(
    "the handle's hash verifies the token with verifyToken",
    async () => {
      const { token, hash } = await handle();
      expect(await verifyToken(token, hash)).toBe(true);
    },
    testMs,
  );

  it(
    "the handle's header is a Bearer header with the token",
    async () => {
      const { token, header } = await handle();
      expect(header).toMatch(/bearer/i);
      expect(header.endsWith(token), 'the header ends with the token').toBe(true);
    },
    testMs,
  );

  it(
    `the handle's env carries the token as ${PRESHARED_KEY_ENV}`,
    async () => {
      const { token, env } = await handle();
      expect(env[PRESHARED_KEY_ENV]).toBe(token);
    },
    testMs,
  );

  const readEnv = h.options.readEnv;
  if (readEnv !== undefined) {
    it(
      `the token reaches the compute's environment as ${PRESHARED_KEY_ENV}`,
      async () => {
        const compute = await first();
        const env = await readEnv(h.provider(), compute.id);
        expect(env[PRESHARED_KEY_ENV], `${PRESHARED_KEY_ENV} in the compute's env`).toBe(compute.auth?.token);
      },
      testMs,
    );
  }

  it(
    'the token does not appear in raw',
    async () => {
      const compute = await first();
      const { token } = await handle();
      expect(JSON.stringify(compute.raw) ?? '', 'raw of the spawn result').not.toContain(token);
    },
    testMs,
  );

  it(
    'getCompute and listCompute never reveal the token',
    async () => {
      const compute = await first();
      const { token } = await handle();
      const got = await h.provider().getCompute(compute.id, h.ctx());
      const listed = await h.provider().listCompute({}, h.ctx());
      expect(JSON.stringify(got), 'getCompute result').not.toContain(token);
      expect(JSON.stringify(listed), 'listCompute result').not.toContain(token);
    },
    testMs,
  );
}

function base64UrlBytes(token: string): Uint8Array {
  const binary = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}
