import { describe, expect, it } from 'vitest';
import { runCli, stable } from './helpers/run-cli.js';

const mock = ['--provider', 'mock'];

describe('atlas on the mock (in memory, one process per command)', () => {
  it('gpus lists the mock catalog as a table', async () => {
    const r = await runCli(['gpus', ...mock, '--gpu', 'a100_80g']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatchSnapshot();
  });

  it('spawn --wait --json gives a running machine with a bearer handle', async () => {
    const r = await runCli([
      'spawn',
      ...mock,
      '--gpu',
      'h100',
      '--image',
      'busybox',
      '--count',
      '2',
      '--auth',
      'bearer',
      '--wait',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const compute = JSON.parse(r.stdout) as { status: string; gpuCount: number; auth?: { scheme: string } };
    expect(compute).toMatchObject({ status: 'running', gpuCount: 2, auth: { scheme: 'bearer' } });
  });

  it('spawn prints a key-value view (volatile values aside)', async () => {
    const r = await runCli([
      'spawn',
      ...mock,
      '--gpu',
      'l40s',
      '--image',
      'busybox',
      '--name',
      'kv',
      '--port',
      '8000/http',
      '--port',
      '22/tcp',
    ]);
    expect(r.code).toBe(0);
    const id = /^id\s+(\S+)/m.exec(r.stdout)?.[1] ?? 'missing';
    expect(stable(r.stdout, { [id]: '<id>' })).toMatchSnapshot();
  });

  it('state does not survive the process: ls in a new invocation is empty, get is not_found (exit 1)', async () => {
    const ls = await runCli(['ls', ...mock, '--json']);
    expect(ls.code).toBe(0);
    expect(JSON.parse(ls.stdout)).toEqual([]);
    const get = await runCli(['get', 'gone', ...mock]);
    expect(get.code).toBe(1);
    expect(get.stderr).toContain('not_found error from mock');
  });

  it('job run --sync and --stream work within one invocation', async () => {
    const sync = await runCli(['job', 'run', ...mock, '--endpoint', 'e', '--input', '{"n":1}', '--sync', '--json']);
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ status: 'completed', endpoint: 'e', provider: 'mock' });
    const stream = await runCli(['job', 'run', ...mock, '--endpoint', 'e', '--input', '{"n":1}', '--stream']);
    expect(stream.code).toBe(0);
    expect(stream.stdout.trim().split('\n').length).toBeGreaterThan(1);
  });

  it('logs of a machine this process never made is not_found; a provider without logs says unsupported', async () => {
    const r = await runCli(['logs', 'x', ...mock]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not_found error from mock');
    const stub = await runCli(['logs', 'x', '--provider', 'fly']);
    expect(stub.code).toBe(1);
    expect(stub.stderr).toContain('unsupported error from fly');
  });
});
