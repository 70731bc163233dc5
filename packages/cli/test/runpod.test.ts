import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, stable } from './helpers/run-cli.js';

const KEY = 'rp_test_key_cli_0123456789';
let fake: RunPodFake;
/** Flags that point the real RunPod provider at the fake. */
let at: string[];

beforeAll(async () => {
  fake = await startRunPodFake({
    apiKey: KEY,
    provisioningMs: 200,
    startingMs: 50,
    jobQueueMs: 20,
    jobDurationMs: 200,
    endpoints: ['echo'],
  });
  at = ['--provider', 'runpod', '--base-url', fake.url, '--runtime-url', fake.runtimeUrl, '--api-key', KEY];
});
afterAll(() => fake.close());

interface ComputeJson {
  id: string;
  status: string;
  name?: string;
  gpuType?: string;
  ports: { internal: number; url?: string }[];
  auth?: { header: string; token: string };
}

describe('atlas against the RunPod fake (the real @atlas/runpod provider over HTTP)', () => {
  it('a wrong key gets the fake 401 and exits 1 saying unauthorized and runpod', async () => {
    const r = await runCli(['ls', '--provider', 'runpod', '--base-url', fake.url, '--api-key', 'wrong-key']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unauthorized error from runpod');
    expect(r.stderr).not.toContain('wrong-key');
  });

  it('the key and URLs can come from the environment instead of flags', async () => {
    const r = await runCli(['gpus', '--gpu', 'h100', '--json'], {
      env: { RUNPOD_API_KEY: KEY, ATLAS_RUNPOD_BASE_URL: fake.url, ATLAS_RUNPOD_RUNTIME_URL: fake.runtimeUrl },
    });
    expect(r.code).toBe(0);
    const gpus = JSON.parse(r.stdout) as { provider: string; canonical?: string }[];
    expect(gpus.length).toBeGreaterThan(0);
    expect(gpus.every((g) => g.provider === 'runpod')).toBe(true);
  });

  it('the key comes from the flag, else the environment, else the config file; providers says which, never the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-cli-keys-'));
    const config = join(dir, 'config.json');
    const urls = { ATLAS_RUNPOD_BASE_URL: fake.url, ATLAS_RUNPOD_RUNTIME_URL: fake.runtimeUrl };
    const ls = (args: string[], env: Record<string, string>) =>
      runCli(['ls', '--provider', 'runpod', '--json', ...args], { env: { ...urls, ATLAS_CONFIG: config, ...env } });
    const source = async (args: string[], env: Record<string, string>) => {
      const r = await runCli(['providers', '--json', ...args], { env: { ATLAS_CONFIG: config, ...env } });
      expect(r.stdout).not.toContain(KEY);
      return (JSON.parse(r.stdout) as { id: string; key: string }[]).find((p) => p.id === 'runpod')?.key;
    };

    writeFileSync(config, JSON.stringify({ providers: { runpod: { apiKey: KEY } } }));
    expect((await ls([], {})).code).toBe(0);
    expect(await source([], {})).toBe('config');
    // A wrong key in the environment wins over the file's right one...
    expect((await ls([], { RUNPOD_API_KEY: 'wrong-env-key' })).code).toBe(1);
    expect(await source([], { RUNPOD_API_KEY: 'wrong-env-key' })).toBe('env');
    // ...and the flag wins over both.
    writeFileSync(config, JSON.stringify({ providers: { runpod: { apiKey: 'wrong-file-key' } } }));
    expect((await ls(['--api-key', KEY], { RUNPOD_API_KEY: 'wrong-env-key' })).code).toBe(0);
    expect(await source(['--api-key', KEY], { RUNPOD_API_KEY: 'wrong-env-key' })).toBe('flag');
  });

  it('gpus prints the catalog as a table, cheapest first', async () => {
    const r = await runCli(['gpus', ...at, '--gpu', 'h100']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchSnapshot();
    const all = JSON.parse((await runCli(['gpus', ...at, '--json'])).stdout) as {
      pricePerHour: Record<string, number | undefined>;
    }[];
    const cheapest = all.map((g) =>
      Math.min(...Object.values(g.pricePerHour).filter((p): p is number => p !== undefined)),
    );
    expect(cheapest).toEqual([...cheapest].sort((a, b) => a - b));
    const byMemory = JSON.parse((await runCli(['gpus', ...at, '--json', '--sort', 'memory'])).stdout) as {
      memoryGb?: number;
    }[];
    const memory = byMemory.map((g) => g.memoryGb ?? 0);
    expect(memory).toEqual([...memory].sort((a, b) => b - a));
  });

  it('spawn --wait, ls, get, logs, stop, start and rm: the whole life of a pod', async () => {
    const spawned = await runCli([
      'spawn',
      ...at,
      '--gpu',
      'h100',
      '--image',
      'vllm/vllm-openai:latest',
      '--port',
      '8000/http',
      '--env',
      'MODEL=qwen',
      '--name',
      'cli-life',
      '--auth',
      'bearer',
      '--wait',
      '--timeout',
      '30s',
      '--json',
    ]);
    expect(spawned.code).toBe(0);
    const pod = JSON.parse(spawned.stdout) as ComputeJson;
    expect(pod.status).toBe('running');
    expect(pod.auth?.header).toBe(`Bearer ${pod.auth?.token}`);
    expect(pod.ports[0]?.url).toContain('8000');
    // The pod received the token through its env; the CLI never wrote it anywhere else.
    expect(fake.pods.readEnv(pod.id)?.ATLAS_PRESHARED_KEY).toBe(pod.auth?.token);
    expect(spawned.stderr).not.toContain(KEY);

    const table = await runCli(['ls', ...at, '--name', 'cli-life']);
    expect(table.code).toBe(0);
    expect(stable(table.stdout, { [pod.id]: '<pod-id>' })).toMatchSnapshot();
    const listed = JSON.parse((await runCli(['ls', ...at, '--status', 'running', '--json'])).stdout) as ComputeJson[];
    expect(listed.map((c) => c.id)).toContain(pod.id);
    expect((await runCli(['ls', ...at, '--name', 'cli-life', '-q'])).stdout.trim()).toBe(pod.id);

    const shown = await runCli(['get', pod.id, ...at]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/status\s+running/);
    expect(shown.stdout).not.toContain(pod.auth?.token ?? 'no token');
    expect((JSON.parse((await runCli(['get', pod.id, ...at, '--json'])).stdout) as ComputeJson).name).toBe('cli-life');

    fake.pods.appendLog(pod.id, 'model loaded: qwen');
    const logs = await runCli(['logs', pod.id, ...at]);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('model loaded: qwen');

    const stopped = await runCli(['stop', pod.id, ...at, '--wait', '--json']);
    expect(stopped.code).toBe(0);
    expect(JSON.parse(stopped.stdout)).toMatchObject({ id: pod.id, action: 'stop', status: 'stopped' });
    const started = await runCli(['start', pod.id, ...at, '--wait']);
    expect(started.code).toBe(0);
    expect(started.stdout).toContain(`Starting ${pod.id} on runpod: running`);

    const refused = await runCli(['rm', pod.id, ...at]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pass --yes');
    expect(fake.pods.status(pod.id)).toBe('RUNNING');
    const removed = await runCli(['rm', pod.id, ...at, '--yes']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Terminated ${pod.id}`);
    const gone = await runCli(['get', pod.id, ...at]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('not_found error from runpod');
  });

  it('spawn without --wait prints the id and the token once; -q prints only the id', async () => {
    const r = await runCli(['spawn', ...at, '--gpu', 'a100_80g', '--image', 'busybox', '--auth', 'bearer']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Bearer token (shown once');
    const quiet = await runCli(['spawn', ...at, '--gpu', 'l40s', '--image', 'busybox', '-q']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout.trim()).toMatch(/^\S+$/);
    expect(fake.pods.get(quiet.stdout.trim())).toBeDefined();
    // With --auth bearer the token is essential too (shown once): it follows the id on a second line.
    const withToken = await runCli(['spawn', ...at, '--gpu', 'l40s', '--image', 'busybox', '--auth', 'bearer', '-q']);
    expect(withToken.code).toBe(0);
    const [id, token, ...rest] = withToken.stdout.trim().split('\n');
    expect(rest).toEqual([]);
    expect(fake.pods.readEnv(id as string)?.ATLAS_PRESHARED_KEY).toBe(token);
  });

  it('job run --sync, job run then status, --stream, cancel', async () => {
    const sync = await runCli([
      'job',
      'run',
      ...at,
      '--endpoint',
      'echo',
      '--input',
      '{"prompt":"hi there"}',
      '--sync',
      '--json',
    ]);
    expect(sync.code).toBe(0);
    const done = JSON.parse(sync.stdout) as { id: string; status: string; endpoint: string };
    expect(done).toMatchObject({ status: 'completed', endpoint: 'echo' });

    const queued = await runCli(['job', 'run', ...at, '--endpoint', 'echo', '--input', '{"prompt":"later"}', '-q']);
    expect(queued.code).toBe(0);
    const id = queued.stdout.trim();
    const status = await runCli(['job', 'status', 'echo', id, ...at, '--json']);
    expect(status.code).toBe(0);
    expect((JSON.parse(status.stdout) as { id: string }).id).toBe(id);

    const streamed = await runCli([
      'job',
      'run',
      ...at,
      '--endpoint',
      'echo',
      '--input',
      '{"prompt":"one two three"}',
      '--stream',
    ]);
    expect(streamed.code).toBe(0);
    expect(streamed.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(1);
    expect(streamed.stderr).toMatch(/Job \S+: completed/);
    const ndjson = await runCli([
      'job',
      'run',
      ...at,
      '--endpoint',
      'echo',
      '--input',
      '{"prompt":"a b"}',
      '--stream',
      '--json',
    ]);
    const lines = ndjson.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { index?: number; status?: string });
    expect(lines.at(-1)?.status).toBe('completed');
    expect(lines.slice(0, -1).map((l) => l.index)).toEqual(lines.slice(0, -1).map((_, i) => i));

    const another = (
      await runCli(['job', 'run', ...at, '--endpoint', 'echo', '--input', '{"prompt":"x"}', '-q'])
    ).stdout.trim();
    const cancelled = await runCli(['job', 'cancel', 'echo', another, ...at]);
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain(`Cancelled job ${another}`);
  });

  it('job run --input-file reads the input from a JSON file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-cli-input-'));
    const file = join(dir, 'input.json');
    writeFileSync(file, JSON.stringify({ prompt: 'from a file' }));
    const r = await runCli(['job', 'run', ...at, '--endpoint', 'echo', '--input-file', file, '--sync', '--json']);
    expect(r.code).toBe(0);
    const job = JSON.parse(r.stdout) as { status: string; output: unknown };
    // The fake's echo worker answers with the prompt's words.
    expect(job).toMatchObject({ status: 'completed', output: ['from', 'a', 'file'] });
  });

  it('an unknown endpoint is a provider error (exit 1, not_found)', async () => {
    const r = await runCli(['job', 'status', 'no-such-endpoint', 'job-1', ...at]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not_found error from runpod/);
  });

  it('--verbose logs each request with its status, and never the key', async () => {
    const r = await runCli(['ls', ...at, '--verbose']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/→ runpod GET http:\/\/127\.0\.0\.1:\d+\/v2\/pods/);
    expect(r.stderr).toMatch(/← runpod 200 GET/);
    expect(r.stderr).not.toContain(KEY);
  });

  it('--json errors are JSON on stdout too', async () => {
    const r = await runCli(['get', 'nope', ...at, '--json']);
    expect(r.code).toBe(1);
    const body = JSON.parse(r.stdout) as { error: { kind: string; provider: string } };
    expect(body.error).toMatchObject({ kind: 'not_found', provider: 'runpod' });
  });
});
