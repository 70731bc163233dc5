import type { CallContext, Provider } from '@atlas/core';
import { findProvider } from '../providers/registry.js';
import { targetFor } from '../session.js';
import type { StageHandle } from './demo.js';

/** A provider's fake, started on loopback with a throwaway key, and the real provider pointed at it. */
export interface FakeCloud {
  readonly providerId: string;
  readonly apiKey: string;
  readonly url: string;
  readonly provider: Provider;
  /** The cloud's name in the headline ("the Lambda Cloud fake"). */
  readonly cloud: string;
  close(): Promise<void>;
}

/**
 * The demo stage for a cloud of machines without serverless (Lambda Labs, Vast.ai): the story skips
 * the job step (and stop/start where the provider lacks them) by the provider's capabilities.
 */
export function vmStage(ctx: CallContext, fake: FakeCloud): StageHandle {
  const entry = findProvider(fake.providerId)!;
  return {
    stage: {
      target: targetFor(
        fake.provider,
        { ...ctx, apiKey: fake.apiKey },
        { entry, apiKey: fake.apiKey, keySource: 'flag', baseUrl: fake.url, runtimeUrl: undefined },
      ),
      endpoint: `(none: ${fake.cloud} has no serverless)`,
      headline:
        `Atlas demo: the real @atlas/${fake.providerId} provider over HTTP, against the ${fake.cloud} fake on loopback\n` +
        `  API   ${fake.url}\n  (no account, no key: the fake accepts a throwaway key made for this run)`,
      pollMs: 150,
    },
    close: () => fake.close(),
  };
}
