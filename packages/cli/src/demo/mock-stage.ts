import { type CallContext, VERSION } from '@atlas/core';
import { createMock } from '@atlas/mock';
import { findProvider } from '../providers/registry.js';
import { targetFor } from '../session.js';
import type { StageHandle } from './demo.js';

/** The same story on the in-memory mock: nothing leaves the process. */
export async function mockStage(ctx: CallContext): Promise<StageHandle> {
  const provider = createMock({ provisioningMs: 400, jobDurationMs: 600 });
  const entry = findProvider('mock')!;
  return {
    stage: {
      target: targetFor(provider, ctx, {
        entry,
        apiKey: undefined,
        keySource: 'not needed',
        baseUrl: undefined,
        runtimeUrl: undefined,
      }),
      endpoint: 'demo-endpoint',
      headline: `Atlas demo on @atlas/mock (in memory, this process only; @atlas/core ${VERSION})`,
      pollMs: 100,
    },
    close: async () => undefined,
  };
}
