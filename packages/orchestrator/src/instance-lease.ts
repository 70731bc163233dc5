import type { Session } from './session.js';
import { mutate, type SessionContext } from './session-context.js';

/** The lease that says an instance is alive: renewed by its holder, expired when it died. */
export function instanceLeaseName(instanceId: string): string {
  return `instance:${instanceId}`;
}

/**
 * Which instance watches a session's deadlines. A session belongs to the instance that spawned (or
 * took over) it; the others leave its timers alone while that instance's lease is valid (they may
 * still touch or release it: every write is a compare-and-set). A session without a holder (written
 * by an older version) is everyone's, as before.
 */
export function watchedHere(ctx: Pick<SessionContext, 'instanceId'>, session: Session): boolean {
  return session.state !== 'active' || session.holder === undefined || session.holder === ctx.instanceId;
}

/**
 * Takes over the active sessions of instances whose lease expired (they died, or closed and let it
 * go): holder -> this instance, once across instances (compare-and-set on the old holder). Returns
 * the sessions taken, for the caller to schedule. Liveness is probed by taking the dead instance's
 * lease for 1 ms: it succeeds only when the lease had expired, and blocks nobody.
 */
export async function takeOverOrphaned(ctx: SessionContext, sessions: readonly Session[]): Promise<Session[]> {
  const others = new Set<string>();
  for (const s of sessions) if (!watchedHere(ctx, s)) others.add(s.holder!);
  const dead = new Set<string>();
  for (const holder of others) {
    const name = instanceLeaseName(holder);
    if (await ctx.store.acquireLease(name, ctx.instanceId, 1)) {
      dead.add(holder);
      await ctx.store.releaseLease(name, ctx.instanceId);
    }
  }
  const taken: Session[] = [];
  for (const session of sessions) {
    if (session.state !== 'active' || session.holder === undefined || !dead.has(session.holder)) continue;
    const from = session.holder;
    const result = await mutate(ctx, session.id, (s) =>
      s.state === 'active' && s.holder === from ? { holder: ctx.instanceId } : undefined,
    );
    if (!result?.changed) continue;
    taken.push(result.session);
    ctx.emit({ type: 'taken_over', at: ctx.clock.now(), sessionId: session.id, from });
  }
  return taken;
}
