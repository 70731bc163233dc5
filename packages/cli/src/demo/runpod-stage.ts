import { randomBytes } from 'node:crypto';
import type { CallContext } from '@atlas/core';
import { createRunPod } from '@atlas/runpod';
import { startRunPodFake } from '@atlas/runpod/testing';
import { findProvider } from '../providers/registry.js';
import { targetFor } from '../session.js';
import type { StageHandle } from './demo.js';

const DEMO_ENDPOINT = 'atlas-demo-echo';

/**
 * Starts the RunPod fake on 127.0.0.1 (REST v2 and the serverless runtime, both requiring a
 * bearer key) and points the real @atlas/runpod provider at it. Every call is real HTTP.
 * Timings are stretched a little from the fake's defaults so the progress is visible.
 */
export async function runPodStage(ctx: CallContext): Promise<StageHandle> {
  const apiKey = `rp_demo_${randomBytes(12).toString('hex')}`;
  const fake = await startRunPodFake({
    apiKey,
    provisioningMs: 900,
    startingMs: 300,
    jobQueueMs: 150,
    jobDurationMs: 900,
    endpoints: [DEMO_ENDPOINT],
  });
  const provider = createRunPod({ baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl });
  const entry = findProvider('runpod')!;
  return {
    stage: {
      target: targetFor(
        provider,
        { ...ctx, apiKey },
        { entry, apiKey, keySource: 'flag', baseUrl: fake.url, runtimeUrl: fake.runtimeUrl },
      ),
      endpoint: DEMO_ENDPOINT,
      headline:
        'Atlas demo: the real @atlas/runpod provider over HTTP, against the RunPod fake on loopback\n' +
        `  REST v2   ${fake.url}\n  runtime   ${fake.runtimeUrl}\n  (no account, no key: the fake accepts a throwaway key made for this run)`,
      pollMs: 150,
    },
    close: () => fake.close(),
  };
}
