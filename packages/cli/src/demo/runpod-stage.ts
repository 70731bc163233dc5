import type { CallContext } from '@atlas/core';
import type { StageHandle } from './demo.js';

export async function runPodStage(_ctx: CallContext): Promise<StageHandle> {
  throw new Error('not yet');
}
