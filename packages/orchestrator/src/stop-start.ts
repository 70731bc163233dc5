import { AtlasError } from '@atlas/core';
import { holdBeforeCall } from './adopted-secrets.js';
import { type Session, toSessionCompute } from './session.js';
import { backendOf, isOurs, mutate, type SessionContext } from './session-context.js';

export interface StopStart {
  stop(id: string): Promise<Session>;
  start(id: string): Promise<Session>;
}

/**
 * stop() and start(): the compute is stopped (or started) upstream and the session stays. The
 * record is marked before the stop is sent, so that a poll running meanwhile never takes the
 * orchestrator's own stop for one made upstream (and ends the session for it); a stop the provider
 * refuses (`unsupported`, a compute that cannot stop) unmarks it. Deadlines apply as before.
 */
export function createStopStart(ctx: SessionContext): StopStart {
  async function stop(id: string): Promise<Session> {
    const marked = await mutate(ctx, id, (s) =>
      s.state === 'active' && s.computeId !== undefined && s.stoppedByOrchestrator !== true
        ? { stoppedByOrchestrator: true }
        : undefined,
    );
    const session = usable(id, marked?.session, 'stop');
    // Already stopped by the orchestrator: nothing to send again.
    if (!marked!.changed) return session;
    await holdBeforeCall(ctx, session);
    try {
      await backendOf(ctx, session).stop(session.computeId!);
    } catch (error) {
      await mutate(ctx, id, (s) => (s.stoppedByOrchestrator === true ? { stoppedByOrchestrator: false } : undefined));
      throw error;
    }
    const result = await mutate(ctx, id, (s) =>
      s.state === 'active' && s.stoppedByOrchestrator === true ? { status: 'stopped' } : undefined,
    );
    const now = ctx.clock.now();
    ctx.emit({
      type: 'stopped',
      at: now,
      sessionId: id,
      computeId: session.computeId!,
      action: 'keep',
      by: 'orchestrator',
    });
    return result?.session ?? session;
  }

  async function start(id: string): Promise<Session> {
    const current = await ctx.store.get(id);
    const session = usable(id, isOurs(ctx, current) ? current : undefined, 'start');
    if (session.stoppedByOrchestrator !== true && session.status !== 'stopped') return session;
    const backend = backendOf(ctx, session);
    await holdBeforeCall(ctx, session);
    await backend.start(session.computeId!);
    // The status the provider reports now: a `stopped` still showing keeps the poll from taking
    // it for a new stop upstream once the flag is down.
    const compute = await backend.get(session.computeId!);
    const result = await mutate(ctx, id, (s) =>
      s.state === 'active'
        ? { stoppedByOrchestrator: false, status: compute.status, compute: toSessionCompute(compute) }
        : undefined,
    );
    return result?.session ?? session;
  }

  return { stop, start };
}

/** The session an operation can act on: ours, active, with a compute; else `not_found` or `conflict`. */
function usable(id: string, session: Session | undefined, operation: 'stop' | 'start'): Session {
  if (session === undefined) throw new AtlasError({ kind: 'not_found', message: `No live session ${id}` });
  if (session.state !== 'active' || session.computeId === undefined) {
    throw new AtlasError({ kind: 'conflict', message: `Cannot ${operation} session ${id}: it is ${session.state}` });
  }
  return session;
}
