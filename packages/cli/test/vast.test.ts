import { startVastFake, type VastFake } from '@atlas/vast/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const KEY = 'vast_test_key_cli_0123456789';
let fake: VastFake;
/** Flags that point the real Vast provider at the fake. */
let at: string[];

beforeAll(async () => {
  fake = await startVastFake({ apiKey: KEY, provisioningMs: 100 });
  at = ['--provider', 'vast', '--base-url', fake.url, '--api-key', KEY];
});
afterAll(() => fake.close());

interface ComputeJson {
  id: string;
  status: string;
  name?: string;
  ports: { internal: number; url?: string }[];
  auth?: { header: string; token: string };
}

describe('atlas against the Vast.ai fake (the real @atlas/vast provider over HTTP)', () => {
  it('a wrong key gets the fake 401 and exits 1 saying unauthorized and vast', async () => {
    const r = await runCli(['ls', '--provider', 'vast', '--base-url', fake.url, '--api-key', 'wrong-key']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unauthorized error from vast');
    expect(r.stderr).not.toContain('wrong-key');
  });

  it('gpus lists the market', async () => {
    const r = await runCli(['gpus', ...at, '--json']);
    expect(r.code).toBe(0);
    const gpus = JSON.parse(r.stdout) as { provider: string; canonical?: string }[];
    expect(gpus.map((g) => g.canonical)).toContain('rtx_4090');
  });

  it('spawn --wait, ls, get, stop, start and rm: the whole life of an instance', async () => {
    const spawned = await runCli([
      'spawn',
      ...at,
      '--gpu',
      'rtx_4090',
      '--image',
      'vastai/pytorch:2.4',
      '--port',
      '8000/http',
      '--name',
      'cli-vast',
      '--auth',
      'bearer',
      '--wait',
      '--timeout',
      '30s',
      '--json',
    ]);
    expect(spawned.code).toBe(0);
    const box = JSON.parse(spawned.stdout) as ComputeJson;
    expect(box.status).toBe('running');
    expect(box.ports[0]?.url).toMatch(/^http:\/\/[\d.]+:\d+$/);
    expect(fake.instances.readEnv(box.id)?.ATLAS_PRESHARED_KEY).toBe(box.auth?.token);
    expect(spawned.stderr).not.toContain(KEY);

    expect((await runCli(['ls', ...at, '--name', 'cli-vast', '-q'])).stdout.trim()).toBe(box.id);
    expect((JSON.parse((await runCli(['get', box.id, ...at, '--json'])).stdout) as ComputeJson).name).toBe('cli-vast');
    expect((await runCli(['stop', box.id, ...at, '--wait'])).code).toBe(0);
    expect((await runCli(['start', box.id, ...at, '--wait'])).code).toBe(0);
    expect((await runCli(['rm', box.id, ...at, '--yes'])).code).toBe(0);
    expect(fake.instances.count()).toBe(0);
  });
});
