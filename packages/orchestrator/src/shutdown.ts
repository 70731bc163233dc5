import { AtlasError } from '@atlas/core';
import type { Background } from './background.js';
import type { EventHub } from './events.js';
import { listOurs, type SessionContext } from './session-context.js';
import type { Spawner } from './spawn-session.js';

interface ShutdownParts {
  readonly ctx: SessionContext;
  readonly background: Background;
  readonly spawner: Spawner;
  readonly hub: EventHub;
  /** The adoption under way, if any: shutdown waits for it. */
  readonly adoption: () => Promise<unknown>;
  /** Marks the orchestrator closed and aborts whatever waits on it (waitReady). */
  readonly markClosed: () => void;
  readonly releaseLease: () => Promise<void>;
  /** Ends one session for a waiter (see the orchestrator's endFor). */
  readonly endFor: (id: string, reason: 'shutdown') => void;
}

/**
 * close(): stop the loops, let spawns under way finish, optionally terminate every live session,
 * then settle every waiter. Later calls share the first call's shutdown (a second close() must not
 * stop the first's terminations).
 */
export function createShutdown(parts: ShutdownParts): (options?: { readonly terminate?: boolean }) => Promise<void> {
  const { ctx, background } = parts;
  let closing: Promise<void> | undefined;

  async function terminateAll(): Promise<void> {
    const sessions = await listOurs(ctx);
    const ended = sessions
      .filter((s) => s.state !== 'spawning')
      .map((s) => {
        const done = ctx.waiters.wait(s.id);
        if (s.state === 'active') parts.endFor(s.id, 'shutdown');
        else ctx.schedule(s);
        return done;
      });
    await Promise.allSettled(ended);
  }

  async function shutdown(terminate: boolean): Promise<void> {
    parts.markClosed();
    background.stop();
    await parts.adoption().catch(() => undefined);
    await parts.spawner.settled();
    try {
      if (terminate) await terminateAll();
    } finally {
      ctx.scheduler.stop();
      await background.drain();
      const closedError = new AtlasError({
        kind: 'conflict',
        message: `Orchestrator ${ctx.ownerId} closed before the session ended`,
      });
      for (const id of ctx.waiters.ids()) ctx.waiters.settle(id, closedError);
      await parts.releaseLease().catch(() => undefined);
      parts.hub.close();
      ctx.secrets.releaseAll();
    }
  }

  return (options = {}) => {
    closing ??= shutdown(options.terminate === true);
    return closing;
  };
}
