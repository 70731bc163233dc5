import { type Compute, isAtlasError } from '@atlas/core';
import { holdAdopted } from './adopted-secrets.js';
import type { Ending } from './ending.js';
import { takeOverOrphaned, watchedHere } from './instance-lease.js';
import { type Session, toSessionCompute } from './session.js';
import { backendOf, listOurs, mutate, type SessionContext } from './session-context.js';

/**
 * One poll: adopt what other instances stored, then check every tracked compute with one list
 * call per provider that has some (a get only for one the list misses), and end sessions whose
 * compute failed or is gone.
 */
export async function pollUpstream(ctx: SessionContext, ending: Ending, onStopped: 'end' | 'keep'): Promise<void> {
  // Taken before the list: a session spawned while it runs holds its secrets but is not in it yet.
  const held = ctx.secrets.ids();
  const sessions = await listOurs(ctx);
  const known = new Set<string>();
  for (const session of sessions) {
    known.add(session.id);
    if (watchedHere(ctx, session) && !ctx.scheduler.has(session.id)) ctx.schedule(session);
  }
  for (const session of await takeOverOrphaned(ctx, sessions)) ctx.schedule(session);
  for (const id of ctx.waiters.ids()) if (!known.has(id)) ctx.waiters.settle(id);
  // Ended through another instance sharing the store.
  for (const id of held) if (!known.has(id)) ctx.secrets.release(id);
  const active = sessions.filter((s) => s.state === 'active' && s.computeId !== undefined);
  const byProvider = new Map<string, Session[]>();
  for (const session of active) {
    const group = byProvider.get(session.provider);
    if (group === undefined) byProvider.set(session.provider, [session]);
    else group.push(session);
  }
  // One provider failing its list must not leave the others' sessions unchecked.
  const polls = await Promise.allSettled(
    [...byProvider.values()].map((group) => pollProvider(ctx, ending, onStopped, group)),
  );
  const failed = polls.find((poll) => poll.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

async function pollProvider(
  ctx: SessionContext,
  ending: Ending,
  onStopped: 'end' | 'keep',
  active: readonly Session[],
): Promise<void> {
  const backend = backendOf(ctx, active[0]!);
  const upstream = new Map((await backend.list({ namePrefix: ctx.prefix })).map((c) => [c.id, c]));
  for (const session of active) {
    let compute: Compute | undefined = upstream.get(session.computeId!);
    if (compute === undefined) {
      // Lists can lag behind creates: confirm with a get before declaring the compute gone.
      try {
        compute = await backend.get(session.computeId!);
      } catch (error) {
        if (isAtlasError(error) && error.kind === 'not_found') await ending.vanished(session, 'not_found');
        continue;
      }
    }
    // The first poll of a session adopted here: its secrets, from the body just read, held before
    // anything (an error, `raw`) can show them.
    await holdAdopted(ctx, session, compute);
    if (compute.status === 'terminated' || compute.status === 'failed') {
      await ending.vanished(session, compute.status, compute);
    } else if (compute.status === 'stopped' && session.status !== 'stopped' && session.stoppedByOrchestrator !== true) {
      const fresh = compute;
      const now = ctx.clock.now();
      const seen = await mutate(ctx, session.id, (s) =>
        s.state === 'active' && s.status !== 'stopped' && s.stoppedByOrchestrator !== true
          ? { status: fresh.status, compute: toSessionCompute(fresh) }
          : undefined,
      );
      if (!seen?.changed) continue;
      ctx.emit({
        type: 'stopped',
        at: now,
        sessionId: session.id,
        computeId: fresh.id,
        action: onStopped,
        by: 'upstream',
      });
      if (onStopped === 'end') await ending.beginEnd(session.id, 'stopped_upstream');
    } else if (
      compute.status !== session.status ||
      JSON.stringify(compute.ports) !== JSON.stringify(session.compute?.ports)
    ) {
      const fresh = compute;
      await mutate(ctx, session.id, (s) =>
        s.state === 'active' ? { status: fresh.status, compute: toSessionCompute(fresh) } : undefined,
      );
    }
  }
}
