import type { Session } from '../session.js';
import { requestLog } from '../session.js';
import type { DemoStage } from './story.js';
import { runStory } from './story.js';

/**
 * `atlas demo`: no account, no key. On runpod it starts the RunPod fake on 127.0.0.1 and drives
 * the real @atlas/runpod provider through it over HTTP (lambda-labs and vast: the same with their fakes);
 * on mock, the same story in memory.
 */
export async function demoCommand(
  session: Session,
  options: { provider: 'runpod' | 'mock' | 'lambda-labs' | 'vast' },
): Promise<void> {
  const hooks = session.flags.verbose ? { hooks: requestLog(session.out) } : {};
  const base = { signal: session.signal, ...hooks };
  const { stage, close } =
    options.provider === 'mock'
      ? await (await import('./mock-stage.js')).mockStage(base)
      : options.provider === 'lambda-labs'
        ? await (await import('./lambda-stage.js')).lambdaStage(base)
        : options.provider === 'vast'
          ? await (await import('./vast-stage.js')).vastStage(base)
          : await (await import('./runpod-stage.js')).runPodStage(base);
  try {
    await runStory(stage, session.out, session.signal);
  } finally {
    await close();
  }
}

export interface StageHandle {
  readonly stage: DemoStage;
  readonly close: () => Promise<void>;
}
