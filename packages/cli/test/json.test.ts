import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const KEY = 'rp_test_key_json';
let fake: RunPodFake;
let at: string[];

beforeAll(async () => {
  // Pods never finish provisioning within a test: a --wait can only time out.
  fake = await startRunPodFake({
    apiKey: KEY,
    provisioningMs: 600_000,
    jobQueueMs: 20,
    jobDurationMs: 100,
    endpoints: ['echo'],
  });
  at = ['--provider', 'runpod', '--base-url', fake.url, '--runtime-url', fake.runtimeUrl, '--api-key', KEY];
});
afterAll(() => fake.close());

interface ErrorBody {
  kind: string;
  provider?: string;
  message: string;
}

/** Every line of a --stream/--follow output is one JSON value. */
const jsonLines = (text: string): unknown[] =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);

describe('--json: stdout stays parseable when something fails', () => {
  it('a usage error caught by the flag parser is JSON too (exit 2)', async () => {
    const r = await runCli(['ls', '--provider', 'mock', '--status', 'sleeping', '--json']);
    expect(r.code).toBe(2);
    const body = JSON.parse(r.stdout) as { error: ErrorBody };
    expect(body.error.kind).toBe('usage');
    expect(body.error.message).toContain("'sleeping' is invalid");
    const bare = await runCli(['job', '--json']);
    expect(bare.code).toBe(2);
    expect((JSON.parse(bare.stdout) as { error: ErrorBody }).error.message).toContain('no command given');
    const url = await runCli(['ls', '--base-url', 'nope', '--json']);
    expect(url.code).toBe(2);
    expect((JSON.parse(url.stdout) as { error: ErrorBody }).error.message).toContain('--base-url "nope"');
  });

  it('gpus across providers with one failing: one document with the prices that came and the errors (exit 1)', async () => {
    const r = await runCli(['gpus', ...at, '--provider', 'fly', '--gpu', 'l4', '--json']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { error: ErrorBody; errors: ErrorBody[]; gpus: { provider: string }[] };
    expect(body.error).toMatchObject({ kind: 'unsupported', provider: 'fly' });
    expect(body.errors).toHaveLength(1);
    expect(body.gpus.map((g) => g.provider)).toEqual(['runpod']);
  });

  it('spawn --wait --json that times out still gives the machine and its token, which nothing else will show', async () => {
    const r = await runCli([
      'spawn',
      ...at,
      '--gpu',
      'h100',
      '--image',
      'busybox',
      '--auth',
      'bearer',
      '--wait',
      '--timeout',
      '1s',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { error: ErrorBody; compute: { id: string; auth: { token: string } } };
    expect(body.error.kind).toBe('timeout');
    expect(fake.pods.readEnv(body.compute.id)?.ATLAS_PRESHARED_KEY).toBe(body.compute.auth.token);
  });

  it('job run --stream --json: a failed job ends the lines with an {"error"} line (exit 1)', async () => {
    const r = await runCli([
      'job',
      'run',
      ...at,
      '--endpoint',
      'echo',
      '--input',
      '{"prompt":"a b","fail":"out of memory"}',
      '--stream',
      '--json',
    ]);
    expect(r.code).toBe(1);
    const lines = jsonLines(r.stdout) as Record<string, unknown>[];
    expect(lines.at(-2)).toMatchObject({ status: 'failed' });
    expect((lines.at(-1) as { error: ErrorBody }).error.message).toContain('out of memory');
  });
});

describe('job run --sync', () => {
  it('a job that fails fails the command (exit 1), as with --stream, after printing it', async () => {
    const r = await runCli([
      'job',
      'run',
      ...at,
      '--endpoint',
      'echo',
      '--input',
      '{"prompt":"x","fail":"boom"}',
      '--sync',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/status\s+failed/);
    expect(r.stderr).toContain('failed: boom');
    const json = await runCli([
      'job',
      'run',
      ...at,
      '--endpoint',
      'echo',
      '--input',
      '{"prompt":"x","fail":"boom"}',
      '--sync',
      '--json',
    ]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: 'failed', error: 'boom' });
  });
});
