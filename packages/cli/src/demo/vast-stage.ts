import { randomBytes } from 'node:crypto';
import type { CallContext } from '@atlas/core';
import { createVast } from '@atlas/vast';
import { startVastFake } from '@atlas/vast/testing';
import type { StageHandle } from './demo.js';
import { vmStage } from './vm-stage.js';

/**
 * The Vast.ai fake on 127.0.0.1 (its marketplace of offers, a bearer key) and the real @atlas/vast
 * provider pointed at it: the spawn searches offers and rents the cheapest over HTTP.
 */
export async function vastStage(ctx: CallContext): Promise<StageHandle> {
  const apiKey = `vast_demo_${randomBytes(12).toString('hex')}`;
  const fake = await startVastFake({ apiKey, provisioningMs: 900 });
  return vmStage(ctx, {
    providerId: 'vast',
    cloud: 'Vast.ai',
    apiKey,
    url: fake.url,
    provider: createVast({ baseUrl: fake.url }),
    close: () => fake.close(),
  });
}
