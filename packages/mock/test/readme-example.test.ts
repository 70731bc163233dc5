import { isAtlasError } from '@atlas/core';
import { expect, it } from 'vitest';
import { createMock } from '../src/index.js';

// The README's example, with its comments turned into assertions.
it('runs the README example', async () => {
  let now = Date.parse('2026-11-27T09:00:00Z');
  let n = 0;
  const mock = createMock({ clock: () => now, ids: () => `pod-${++n}`, provisioningMs: 30_000 });

  const pod = await mock.spawnCompute({
    gpu: 'h100',
    gpuCount: 1,
    image: 'ghcr.io/me/infer:1',
    ports: [{ port: 8000, protocol: 'http' }],
    env: {},
    auth: 'bearer',
    name: 'alice',
  });
  expect(pod.status).toBe('provisioning');
  expect(pod.auth?.token).toEqual(expect.any(String));
  expect(mock.readEnv(pod.id).ATLAS_PRESHARED_KEY === pod.auth?.token).toBe(true);

  now += 30_000;
  expect((await mock.getCompute(pod.id)).status).toBe('running');
  expect((await mock.getCompute(pod.id)).ports[0]?.url).toBe('https://pod-1-8000.proxy.mock.invalid');

  mock.setStatus(pod.id, 'failed');
  expect((await mock.getCompute(pod.id)).status).toBe('failed');
  mock.failNext('spawnCompute', 'capacity');
  let kind: string | undefined;
  try {
    await mock.spawnCompute({ gpu: 'h100', gpuCount: 1, image: 'x', ports: [], env: {}, auth: 'none' });
  } catch (error) {
    if (isAtlasError(error)) kind = error.kind;
  }
  expect(kind).toBe('capacity');

  const job = await mock.runJob({ endpoint: 'echo', input: { prompt: 'hi' }, mode: 'sync' });
  expect(job.output).toEqual({ echo: { prompt: 'hi' }, text: 'part 1 of 4, part 2 of 4, part 3 of 4, part 4 of 4' });
});
