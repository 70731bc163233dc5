import { randomBytes } from 'node:crypto';
import type { CallContext } from '@atlas/core';
import { createLambdaLabs } from '@atlas/lambda-labs';
import { startLambdaFake } from '@atlas/lambda-labs/testing';
import { findProvider } from '../providers/registry.js';
import { targetFor } from '../session.js';
import type { StageHandle } from './demo.js';

/**
 * Starts the Lambda Cloud fake on 127.0.0.1 and points the real @atlas/lambda-labs provider at it.
 * Lambda rents VMs and has no serverless and no stop, so the story skips those steps. The boot is
 * shortened from Lambda's minutes to under a second so the progress is visible.
 */
export async function lambdaStage(ctx: CallContext): Promise<StageHandle> {
  const apiKey = `secret_atlas-demo_${randomBytes(12).toString('hex')}`;
  const fake = await startLambdaFake({ apiKey, bootMs: 900, terminateMs: 300 });
  const provider = createLambdaLabs({ baseUrl: fake.url });
  const entry = findProvider('lambda-labs')!;
  return {
    stage: {
      target: targetFor(
        provider,
        { ...ctx, apiKey },
        { entry, apiKey, keySource: 'flag', baseUrl: fake.url, runtimeUrl: undefined },
      ),
      endpoint: '(none: Lambda has no serverless)',
      headline:
        'Atlas demo: the real @atlas/lambda-labs provider over HTTP, against the Lambda Cloud fake on loopback\n' +
        `  API   ${fake.url}\n  (no account, no key: the fake accepts a throwaway key made for this run)`,
      pollMs: 150,
    },
    close: () => fake.close(),
  };
}
