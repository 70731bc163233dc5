import { inspect } from 'node:util';
import { isAtlasError, type Provider } from '@atlas/core';
import { redactText, secretRegistryStats } from '@atlas/core/provider';
import { afterEach, describe, expect, it } from 'vitest';
import { createOrchestrator } from '../src/index.js';
import { createSealer } from '../src/sealed-secrets.js';
import {
  createWorld,
  echoingTerminate,
  forgetUnheld,
  GPU_REQUEST,
  type Harness,
  startOrchestrator,
  type World,
} from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.orch.close();
  h = undefined;
});

const KEY = Buffer.alloc(32, 7).toString('base64');
const OTHER_KEY = Buffer.alloc(32, 9).toString('base64url');
const ENV = { MODEL_REVISION: 'sealed-CANARY-rev-0001', HF_TOKEN: 'hf-sealed-CANARY-0002' };

/**
 * A cloud like Lambda Labs: it never returns a machine's env (the computes it gives back are copies,
 * which carry none of the secrets the mock declared), and its terminate fails quoting `echo`.
 */
function envlessEchoingCloud(world: World): { provider: Provider; echo: string[] } {
  const echoing = echoingTerminate(world);
  const provider: Provider = {
    ...echoing.provider,
    getCompute: async (id, ctx) => ({ ...(await world.mock.getCompute(id, ctx)) }),
    listCompute: async (filter, ctx) => (await world.mock.listCompute(filter, ctx)).map((c) => ({ ...c })),
  };
  return { provider, echo: echoing.echo };
}

/** Waits in real time (setImmediate is not faked) until `find` finds something. */
async function until<T>(find: () => T | undefined): Promise<T | undefined> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const found = find();
    if (found !== undefined || performance.now() > deadline) return found;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * One instance spawns and goes down; a second adopts the session and releases it while the cloud
 * refuses, quoting the secrets. Returns every text the second one produced about it.
 */
async function adoptAndFailTerminate(keys: { first?: string; second?: string }) {
  const world = createWorld();
  const { provider, echo } = envlessEchoingCloud(world);
  const first = startOrchestrator(world, { provider, ...(keys.first === undefined ? {} : { secretsKey: keys.first }) });
  const { session, auth } = await first.orch.spawn({ ...GPU_REQUEST, env: ENV });
  await first.orch.close(); // down without terminating: the session stays in the store
  const secrets = [auth!.token, ENV.MODEL_REVISION, ENV.HF_TOKEN];
  forgetUnheld();
  // As a second process: nothing here holds them any more.
  expect(redactText(secrets.join(' '))).toBe(secrets.join(' '));
  const warnings: unknown[] = [];
  h = startOrchestrator(world, {
    provider,
    terminateRetry: { attempts: 2, baseDelayMs: 1_000 },
    logger: { warn: (...args: unknown[]) => void warnings.push(args) },
    ...(keys.second === undefined ? {} : { secretsKey: keys.second }),
  });
  expect(await h.orch.ready()).toEqual({ adopted: 1 });
  const heldBefore = secretRegistryStats().held;
  echo.push(...secrets);
  const released = h.orch.release(session.id).catch((e: unknown) => e);
  // Opening the record is WebCrypto's work, done off the faked clock: wait for it in real time.
  const failed = await until(() => h!.events.find((e) => e.type === 'terminate_failed'));
  expect(failed?.type === 'terminate_failed' && failed.error.message).toContain('cloud refused to terminate');
  const text = [JSON.stringify(failed), inspect(failed, { depth: 10 })].join('\n');
  const heldForIt = secretRegistryStats().held - heldBefore;
  echo.length = 0;
  await h.clock.advance(1_000);
  await released;
  expect(h.types(session.id).at(-1)).toBe('terminated');
  return { text, secrets, warnings, heldForIt };
}

describe('secretsKey: a session’s secrets sealed into its record', () => {
  it('an adopting instance with the same key holds them on a cloud that never returns the env', async () => {
    const { text, secrets, warnings, heldForIt } = await adoptAndFailTerminate({ first: KEY, second: KEY });
    expect(heldForIt).toBeGreaterThanOrEqual(secrets.length);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(warnings).toEqual([]);
  });

  // The control: without the key nothing is held for the adopted session. (Here the mock behind the
  // cloud still registers the env values it reads, evictably, so the text happens to be redacted;
  // on Lambda Labs nothing would, and a registration that may be evicted is no promise.)
  it('without a key, nothing is held for it on such a cloud: the gap the key closes (control)', async () => {
    const { heldForIt } = await adoptAndFailTerminate({});
    expect(heldForIt).toBe(0);
  });

  it('a different key on the adopter is said in a warning (without the key), and the session still ends', async () => {
    const { warnings } = await adoptAndFailTerminate({ first: KEY, second: OTHER_KEY });
    const said = JSON.stringify(warnings);
    expect(said).toContain('secretsKey');
    expect(said).not.toContain(KEY);
    expect(said).not.toContain(OTHER_KEY);
  });

  it('the store keeps only ciphertext', async () => {
    const world = createWorld();
    h = startOrchestrator(world, { secretsKey: KEY });
    const { session, auth } = await h.orch.spawn({ ...GPU_REQUEST, env: ENV });
    const stored = await world.store.get(session.id);
    expect(stored?.sealedSecrets).toMatch(/^v1\.[\w-]+\.[\w-]+$/);
    const text = JSON.stringify(stored);
    for (const secret of [auth!.token, ENV.MODEL_REVISION, ENV.HF_TOKEN]) expect(text).not.toContain(secret);
    // No key, no field: the record is as it always was.
    const plain = startOrchestrator(createWorld());
    const { session: other } = await plain.orch.spawn({ ...GPU_REQUEST, env: ENV });
    expect((await plain.store.get(other.id))?.sealedSecrets).toBeUndefined();
    await plain.orch.close();
  });

  it.each([
    ['too short', Buffer.alloc(16, 1).toString('base64')],
    ['not base64', 'this is not a key, it has spaces and 32+ characters'],
    ['empty', ''],
  ])('a secretsKey that is %s is refused as validation, without quoting it', (_what, secretsKey) => {
    const world = createWorld();
    let error: unknown;
    try {
      createOrchestrator({ provider: world.mock, store: world.store, ownerId: 'app', secretsKey });
    } catch (thrown) {
      error = thrown;
    }
    expect(isAtlasError(error) && error.kind).toBe('validation');
    if (!isAtlasError(error)) return;
    expect(error.issues.map((i) => i.path)).toEqual(['secretsKey']);
    if (secretsKey !== '') expect(JSON.stringify(error) + error.message).not.toContain(secretsKey);
  });
});

describe('the sealer', () => {
  const sealer = createSealer(KEY)!;

  it('opens what it sealed, for the same session only', async () => {
    const sealed = await sealer.seal('s1', ['a-secret', 'b-secret']);
    expect(await sealer.unseal('s1', sealed)).toEqual(['a-secret', 'b-secret']);
    await expect(sealer.unseal('s2', sealed)).rejects.toThrow();
  });

  it('refuses a blob that was changed, or sealed under another key', async () => {
    const sealed = await sealer.seal('s1', ['a-secret']);
    const [version, iv, cipher] = sealed.split('.') as [string, string, string];
    const flipped = `${cipher.slice(0, -2)}${cipher.endsWith('A') ? 'B' : 'A'}${cipher.slice(-1)}`;
    await expect(sealer.unseal('s1', `${version}.${iv}.${flipped}`)).rejects.toThrow();
    await expect(createSealer(OTHER_KEY)!.unseal('s1', sealed)).rejects.toThrow();
    await expect(sealer.unseal('s1', 'v2.x.y')).rejects.toThrow();
  });

  it('seals the same secrets differently each time (a fresh IV)', async () => {
    expect(await sealer.seal('s1', ['a'])).not.toBe(await sealer.seal('s1', ['a']));
  });
});
