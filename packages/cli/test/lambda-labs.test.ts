import { type LambdaFake, startLambdaFake } from '@atlas/lambda-labs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const KEY = 'secret_atlas-cli_0123456789abcdef';
let fake: LambdaFake;
/** Flags that point the real Lambda provider at the fake. */
let at: string[];

beforeAll(async () => {
  fake = await startLambdaFake({ apiKey: KEY, bootMs: 100, terminateMs: 50 });
  at = ['--provider', 'lambda-labs', '--base-url', fake.url, '--api-key', KEY];
});
afterAll(() => fake.close());

interface ComputeJson {
  id: string;
  status: string;
  name?: string;
  gpuType?: string;
  region?: string;
  ports: { internal: number; url?: string }[];
  auth?: { header: string; token: string };
}

describe('atlas against the Lambda fake (the real @atlas/lambda-labs provider over HTTP)', () => {
  it('gpus lists Lambda instance types with their canonical GPU', async () => {
    const r = await runCli(['gpus', ...at, '--gpu', 'h100', '--json']);
    expect(r.code).toBe(0);
    const gpus = JSON.parse(r.stdout) as { id: string; provider: string; canonical?: string }[];
    expect(gpus.map((g) => g.id)).toContain('gpu_1x_h100_sxm5');
    expect(gpus.every((g) => g.provider === 'lambda-labs')).toBe(true);
  });

  it('spawn, ls, get and rm: the whole life of a VM', async () => {
    const spawned = await runCli([
      'spawn',
      ...at,
      '--gpu',
      'h100',
      '--image',
      'ghcr.io/me/infer:1',
      '--name',
      'atlas-cli-lambda',
      '--port',
      '8000',
      '--auth',
      'bearer',
      '--wait',
      '--json',
    ]);
    expect(spawned.code, spawned.stderr).toBe(0);
    const compute = JSON.parse(spawned.stdout) as ComputeJson;
    expect(compute).toMatchObject({ status: 'running', name: 'atlas-cli-lambda', gpuType: 'h100_sxm' });
    expect(compute.ports[0]?.url).toMatch(/^http:\/\/[\d.]+:8000$/);
    expect(fake.readEnv(compute.id)?.ATLAS_PRESHARED_KEY).toBe(compute.auth?.token);

    const listed = await runCli(['ls', ...at, '--json']);
    expect((JSON.parse(listed.stdout) as ComputeJson[]).map((c) => c.id)).toContain(compute.id);

    const got = await runCli(['get', compute.id, ...at, '--json']);
    expect((JSON.parse(got.stdout) as ComputeJson).region).toBe(compute.region);
    expect(got.stdout).not.toContain(compute.auth?.token);

    const removed = await runCli(['rm', compute.id, ...at, '--yes']);
    expect(removed.code, removed.stderr).toBe(0);
    expect(fake.instance(compute.id)?.status).toMatch(/^terminat/);
  });

  it('stop is unsupported and says why (exit 1)', async () => {
    const r = await runCli(['stop', 'some-id', ...at]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unsupported error from lambda-labs');
    expect(r.stderr).toContain('can only be restarted or terminated');
  });

  it('LAMBDA_API_KEY from the environment is the key; a wrong one is unauthorized and never printed', async () => {
    const ok = await runCli(['ls', '--provider', 'lambda-labs', '--json'], {
      env: { LAMBDA_API_KEY: KEY, ATLAS_LAMBDA_LABS_BASE_URL: fake.url },
    });
    expect(ok.code, ok.stderr).toBe(0);
    const wrong = await runCli(['ls', '--provider', 'lambda-labs', '--base-url', fake.url, '--api-key', 'wrong-key']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('unauthorized error from lambda-labs');
    expect(wrong.stderr).not.toContain('wrong-key');
  });

  it('demo --provider lambda-labs tells the story against the fake, without the serverless and stop steps', async () => {
    const r = await runCli(['demo', '--provider', 'lambda-labs', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout) as { provider: string; steps: { step: string }[] };
    expect(summary.provider).toBe('lambda-labs');
    const steps = summary.steps.map((s) => s.step);
    expect(steps).toContain('Terminate it');
    expect(steps.some((s) => /serverless|Stop/.test(s))).toBe(false);
  });
});
