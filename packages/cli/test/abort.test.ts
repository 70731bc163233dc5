import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, waitForOutput } from './helpers/run-cli.js';

const KEY = 'rp_test_key_abort';
let fake: RunPodFake;
let at: string[];

beforeAll(async () => {
  // Pods that take minutes to provision and jobs that take minutes: only Ctrl-C ends these commands.
  fake = await startRunPodFake({
    apiKey: KEY,
    provisioningMs: 600_000,
    jobDurationMs: 600_000,
    endpoints: ['slow'],
    followLogs: true,
  });
  at = ['--provider', 'runpod', '--base-url', fake.url, '--runtime-url', fake.runtimeUrl, '--api-key', KEY];
});
afterAll(() => fake.close());

describe('Ctrl-C aborts requests in flight and exits 130', () => {
  it('spawn --wait on the RunPod fake', async () => {
    const { child, done } = startCli([
      'spawn',
      ...at,
      '--gpu',
      'h100',
      '--image',
      'busybox',
      '--wait',
      '--timeout',
      '20m',
    ]);
    await waitForOutput(child, 'provisioning');
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('aborted (Ctrl-C)');
    // The pod exists even though the wait was interrupted: the CLI says how to remove it.
    const id = fake.pods.list()[0]?.id as string;
    expect(r.stderr).toContain(`atlas rm ${id} --yes`);
  });

  it('job run --stream on the RunPod fake', async () => {
    const { child, done } = startCli([
      'job',
      'run',
      ...at,
      '--endpoint',
      'slow',
      '--input',
      '{"prompt":"a long story"}',
      '--stream',
    ]);
    await waitForOutput(child, 'streaming its output');
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
  });

  it('logs --follow prints new lines as they come, until Ctrl-C', async () => {
    const spawned = startCli(['spawn', ...at, '--gpu', 'l4', '--image', 'busybox', '-q']);
    const id = (await spawned.done).stdout.trim();
    fake.pods.appendLog(id, 'first line');
    const { child, done } = startCli(['logs', id, ...at, '--follow']);
    await waitForOutput(child, 'first line', 'stdout');
    fake.pods.appendLog(id, 'second line, after the follow began');
    await waitForOutput(child, 'second line', 'stdout');
    child.kill('SIGINT');
    const r = await done;
    expect(r.code).toBe(130);
    expect(r.stdout).toContain('first line\n');
    expect(r.stdout).toContain('second line, after the follow began\n');
  });

  it('a request the server never answers is aborted, not waited out', async () => {
    // A server that accepts the request and never replies: only the AbortSignal can end the call.
    let arrived: (url: string) => void = () => undefined;
    let closed: () => void = () => undefined;
    const requestArrived = new Promise<string>((resolve) => {
      arrived = resolve;
    });
    const connectionClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const server = createServer((req) => {
      req.socket.on('close', closed);
      arrived(req.url ?? '');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { child, done } = startCli([
        'ls',
        '--provider',
        'runpod',
        '--base-url',
        `http://127.0.0.1:${port}`,
        '--api-key',
        KEY,
      ]);
      expect(await requestArrived).toBe('/v2/pods');
      child.kill('SIGINT');
      const r = await done;
      expect(r.code).toBe(130);
      // This line comes from the normal path (the request rejected on abort), not the forced exit.
      expect(r.stderr).toContain('aborted (Ctrl-C); requests in flight were cancelled.');
      await connectionClosed;
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('spawn --wait on the mock', async () => {
    const { child, done } = startCli(['spawn', '--provider', 'mock', '--gpu', 'h100', '--image', 'busybox', '--wait'], {
      env: { ATLAS_MOCK_PROVISIONING_MS: '600000' },
    });
    await waitForOutput(child, 'provisioning');
    child.kill('SIGINT');
    expect((await done).code).toBe(130);
  });
});
