import { randomBytes } from 'node:crypto';
import type { CallContext } from '@atlas/core';
import { createLambdaLabs } from '@atlas/lambda-labs';
import { startLambdaFake } from '@atlas/lambda-labs/testing';
import type { StageHandle } from './demo.js';
import { vmStage } from './vm-stage.js';

/**
 * The Lambda Cloud fake on 127.0.0.1 and the real @atlas/lambda-labs provider pointed at it. Lambda
 * rents VMs and has no serverless and no stop; the boot is shortened from Lambda's minutes to under
 * a second so the progress is visible.
 */
export async function lambdaStage(ctx: CallContext): Promise<StageHandle> {
  const apiKey = `secret_atlas-demo_${randomBytes(12).toString('hex')}`;
  const fake = await startLambdaFake({ apiKey, bootMs: 900, terminateMs: 300 });
  return vmStage(ctx, {
    providerId: 'lambda-labs',
    cloud: 'Lambda Cloud',
    apiKey,
    url: fake.url,
    provider: createLambdaLabs({ baseUrl: fake.url }),
    close: () => fake.close(),
  });
}
