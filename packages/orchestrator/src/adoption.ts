import { takeOverOrphaned, watchedHere } from './instance-lease.js';
import { listOurs, type SessionContext } from './session-context.js';

export interface Adoption {
  /** The adoption, tried again when the last attempt failed (a store that was briefly down). */
  adopted(): Promise<{ readonly adopted: number }>;
  /** The attempt under way or done, as it is (shutdown waits for it). */
  current(): Promise<unknown>;
}

/**
 * Loading what the store holds at start: this instance's lease first, then every session of the
 * owner, taking over those of instances whose lease expired, and scheduling what this instance
 * watches. Starts at once.
 */
export function createAdoption(ctx: SessionContext, renewLease: () => Promise<unknown>): Adoption {
  function adopt(): Promise<{ readonly adopted: number }> {
    const attempt = (async () => {
      await renewLease();
      const sessions = await listOurs(ctx);
      const taken = new Map((await takeOverOrphaned(ctx, sessions)).map((s) => [s.id, s]));
      const current = sessions.map((s) => taken.get(s.id) ?? s);
      for (const session of current) ctx.schedule(session);
      return { adopted: current.filter((s) => s.state !== 'spawning' && watchedHere(ctx, s)).length };
    })();
    attempt.catch((error) =>
      ctx.logger.error?.('orchestrator: could not load stored sessions', { error: String(error) }),
    );
    return attempt;
  }
  let adoption = adopt();

  return {
    async adopted() {
      const attempt = adoption;
      try {
        return await attempt;
      } catch {
        if (adoption === attempt) adoption = adopt();
        return adoption;
      }
    },
    current: () => adoption,
  };
}
