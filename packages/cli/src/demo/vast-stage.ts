import { randomBytes } from 'node:crypto';
import type { CallContext } from '@atlas/core';
import { createVast } from '@atlas/vast';
import { startVastFake } from '@atlas/vast/testing';
import { findProvider } from '../providers/registry.js';
import { targetFor } from '../session.js';
import type { StageHandle } from './demo.js';

/**
 * Starts the Vast.ai fake on 127.0.0.1 (its marketplace of offers, a bearer key) and points the
 * real @atlas/vast provider at it: the spawn searches offers and rents the cheapest over HTTP.
 * Vast has no serverless, so the story skips its job step (by the provider's capabilities).
 */
export async function vastStage(ctx: CallContext): Promise<StageHandle> {
  const apiKey = `vast_demo_${randomBytes(12).toString('hex')}`;
  const fake = await startVastFake({ apiKey, provisioningMs: 900 });
  const provider = createVast({ baseUrl: fake.url });
  const entry = findProvider('vast')!;
  return {
    stage: {
      target: targetFor(
        provider,
        { ...ctx, apiKey },
        { entry, apiKey, keySource: 'flag', baseUrl: fake.url, runtimeUrl: undefined },
      ),
      endpoint: '(none: Vast has no serverless)',
      headline:
        'Atlas demo: the real @atlas/vast provider over HTTP, against the Vast.ai fake on loopback\n' +
        `  API   ${fake.url}\n  (no account, no key: the fake accepts a throwaway key made for this run)`,
      pollMs: 150,
    },
    close: () => fake.close(),
  };
}
