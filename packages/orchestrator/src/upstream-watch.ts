import { isAtlasError } from '@atlas/core';
import type { Ending } from './ending.js';
import { toSessionCompute } from './session.js';
import { listOurs, mutate, type SessionContext } from './session-context.js';

/**
 * One poll: adopt what other instances stored, then check every tracked compute with one list
 * call (a get only for one the list misses), and end sessions whose compute failed or is gone.
 */
export async function pollUpstream(ctx: SessionContext, ending: Ending): Promise<void> {
  // Taken before the list: a session spawned while it runs holds its secrets but is not in it yet.
  const held = ctx.secrets.ids();
  const sessions = await listOurs(ctx);
  const known = new Set<string>();
  for (const session of sessions) {
    known.add(session.id);
    if (!ctx.scheduler.has(session.id)) ctx.schedule(session);
  }
  for (const id of ctx.waiters.ids()) if (!known.has(id)) ctx.waiters.settle(id);
  // Ended through another instance sharing the store.
  for (const id of held) if (!known.has(id)) ctx.secrets.release(id);
  const active = sessions.filter((s) => s.state === 'active' && s.computeId !== undefined);
  if (active.length === 0) return;
  const upstream = new Map((await ctx.backend.list({ namePrefix: ctx.prefix })).map((c) => [c.id, c]));
  for (const session of active) {
    let compute = upstream.get(session.computeId!);
    if (compute === undefined) {
      // Lists can lag behind creates: confirm with a get before declaring the compute gone.
      try {
        compute = await ctx.backend.get(session.computeId!);
      } catch (error) {
        if (isAtlasError(error) && error.kind === 'not_found') await ending.vanished(session, 'not_found');
        continue;
      }
    }
    if (compute.status === 'terminated' || compute.status === 'failed') {
      await ending.vanished(session, compute.status, compute);
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
