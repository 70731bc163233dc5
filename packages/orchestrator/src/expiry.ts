import type { Ending } from './ending.js';
import type { Session } from './session.js';
import type { Mutation, SessionContext } from './session-context.js';
import { budgetDeadline } from './spend.js';

/**
 * What happens when a session's deadline (or terminate retry) comes due. The store is the truth and
 * the timer a hint: the record is read again, and the deadline checked again inside the
 * compare-and-set, so a touch() that lands meanwhile (here or through another instance) wins.
 */
export function createExpiry(ctx: SessionContext, ending: Ending): (id: string) => Promise<void> {
  return async function onDue(id) {
    const session = await ctx.store.get(id);
    if (session === undefined) {
      ctx.scheduler.delete(id);
      ctx.waiters.settle(id);
      ctx.secrets.release(id);
      return;
    }
    const now = ctx.clock.now();
    let lost: Session | undefined;
    if (session.state === 'active' && now >= budgetDeadline(session)) {
      lost = declined(await ending.beginEnd(id, 'budget_exhausted', (s) => now >= budgetDeadline(s)));
    } else if (session.state === 'active' && now >= session.maxDeadline) {
      lost = declined(await ending.beginEnd(id, 'max_runtime', (s) => now >= s.maxDeadline));
    } else if (session.state === 'active' && now >= session.idleDeadline) {
      lost = declined(await ending.beginEnd(id, 'idle_timeout', (s) => now >= s.idleDeadline));
    } else if (session.state === 'terminating' && now >= (session.nextAttemptAt ?? now))
      await ending.attemptTerminate(id);
    else ctx.schedule(session);
    if (lost !== undefined) ctx.schedule(lost);
  };
}

/** The record an expiry left alone (touched meanwhile), so that its new deadline is scheduled. */
function declined(result: Mutation): Session | undefined {
  return result !== undefined && !result.changed ? result.session : undefined;
}
