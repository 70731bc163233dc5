import type { AtlasError, Compute } from '@atlas/core';
import { toAtlasError } from '@atlas/core/provider';
import { holdBeforeCall } from './adopted-secrets.js';
import type { EndReason, Session } from './session.js';
import { backendOf, computeIdOf, isOurs, type Mutation, mutate, type SessionContext } from './session-context.js';
import { recordSpend, sessionSpendUsd } from './spend.js';

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/** How long one instance may hold a terminate lease before another may take over. */
const TERMINATE_LEASE_MS = 120_000;

export interface Ending {
  /**
   * active -> terminating (once across instances), then the first terminate attempt. `stillDue`
   * is checked inside the compare-and-set, on the record it replaces: an expiry that lost a race
   * with a touch() leaves the session alone. Resolves with the record as it was left.
   */
  beginEnd(id: string, reason: EndReason, stillDue?: (session: Session) => boolean): Promise<Mutation>;
  /** One terminate attempt; on failure the next is scheduled with backoff, or the session given up. */
  attemptTerminate(id: string): Promise<void>;
  /** The provider says the compute is gone or broken: end the session and say why. */
  vanished(session: Session, reason: 'failed' | 'terminated' | 'not_found', compute?: Compute): Promise<void>;
}

/** How sessions end: expiry, release, shutdown or an upstream failure all go through here. */
export function createEnding(ctx: SessionContext, retry: RetryPolicy): Ending {
  /** active -> terminating, exactly once across instances (compare-and-set), then the first attempt. */
  async function beginEnd(id: string, reason: EndReason, stillDue?: (session: Session) => boolean): Promise<Mutation> {
    const now = ctx.clock.now();
    const result = await mutate(ctx, id, (s) =>
      s.state === 'active' && (stillDue === undefined || stillDue(s))
        ? { state: 'terminating', endReason: reason, terminateAttempts: 0, nextAttemptAt: now }
        : undefined,
    );
    if (result === undefined || !result.changed) return result;
    const { session } = result;
    if (reason === 'idle_timeout')
      ctx.emit({ type: 'idle_timeout', at: now, sessionId: id, idleDeadline: session.idleDeadline });
    if (reason === 'max_runtime')
      ctx.emit({ type: 'max_runtime', at: now, sessionId: id, maxDeadline: session.maxDeadline });
    if (reason === 'budget_exhausted' && session.maxCostUsd !== undefined) {
      const spentUsd = sessionSpendUsd(session, now);
      ctx.emit({ type: 'budget_exhausted', at: now, sessionId: id, spentUsd, maxCostUsd: session.maxCostUsd });
    }
    ctx.emit({ type: 'terminating', at: now, sessionId: id, reason, ...computeIdOf(session) });
    await attemptTerminate(id);
    return result;
  }

  async function attemptTerminate(id: string): Promise<void> {
    const lease = `terminate:${id}`;
    if (!(await ctx.store.acquireLease(lease, ctx.instanceId, TERMINATE_LEASE_MS))) {
      // Another instance is on it; look again later (its success deletes the record).
      ctx.scheduler.set(id, ctx.clock.now() + retry.baseDelayMs);
      return;
    }
    try {
      const session = await ctx.store.get(id);
      if (session === undefined) {
        // Another instance terminated it meanwhile: whoever waits here (release, close) is done.
        ctx.scheduler.delete(id);
        ctx.waiters.settle(id);
        ctx.secrets.release(id);
        return;
      }
      if (session.state !== 'terminating' || !isOurs(ctx, session)) return;
      const reason = session.endReason ?? 'released';
      // A session adopted here: its secrets, before a terminate error can echo them.
      await holdBeforeCall(ctx, session);
      try {
        if (session.computeId !== undefined) await backendOf(ctx, session).terminate(session.computeId);
      } catch (error) {
        const failure = toAtlasError(error, session.provider);
        if (failure.kind !== 'not_found') return await terminateFailed(session, failure);
      }
      await recordSpend(ctx.store, session, ctx.clock.now());
      await ctx.store.delete(id);
      ctx.scheduler.delete(id);
      ctx.emit({ type: 'terminated', at: ctx.clock.now(), sessionId: id, reason, ...computeIdOf(session) });
      ctx.waiters.settle(id);
      ctx.secrets.release(id);
    } finally {
      await ctx.store.releaseLease(lease, ctx.instanceId);
    }
  }

  async function terminateFailed(session: Session, error: AtlasError): Promise<void> {
    const attempt = (session.terminateAttempts ?? 0) + 1;
    const now = ctx.clock.now();
    const base = {
      type: 'terminate_failed' as const,
      at: now,
      sessionId: session.id,
      attempt,
      error,
      ...computeIdOf(session),
    };
    if (attempt >= retry.attempts) {
      // Loud: an event and an error log. The record goes; the compute keeps its stamp, so the
      // reaper keeps trying on every run until the provider lets it go. Its spend is counted until now.
      await recordSpend(ctx.store, session, now);
      await ctx.store.delete(session.id);
      ctx.scheduler.delete(session.id);
      ctx.logger.error?.('orchestrator: gave up terminating a compute; the reaper will keep trying', {
        sessionId: session.id,
        computeId: session.computeId,
        attempts: attempt,
        kind: error.kind,
      });
      ctx.emit({ ...base, gaveUp: true });
      ctx.waiters.settle(session.id, error);
      ctx.secrets.release(session.id);
      return;
    }
    const retryAt = now + Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    const updated = await mutate(ctx, session.id, (s) =>
      s.state === 'terminating' ? { terminateAttempts: attempt, nextAttemptAt: retryAt } : undefined,
    );
    if (updated?.changed) ctx.schedule(updated.session);
    ctx.emit({ ...base, retryAt, gaveUp: false });
  }

  /** The provider says the compute is gone or broken: end the session and say why. */
  async function vanished(
    session: Session,
    reason: 'failed' | 'terminated' | 'not_found',
    compute?: Compute,
  ): Promise<void> {
    const computeId = session.computeId!;
    const event = {
      type: 'vanished' as const,
      sessionId: session.id,
      computeId,
      reason,
      ...(compute === undefined ? {} : { status: compute.status }),
    };
    if (reason === 'failed') {
      // A failed machine may still hold (and bill for) resources: terminate it through the usual path.
      const now = ctx.clock.now();
      const result = await mutate(ctx, session.id, (s) =>
        s.state === 'active'
          ? { state: 'terminating', endReason: 'failed', terminateAttempts: 0, nextAttemptAt: now }
          : undefined,
      );
      if (!result?.changed) return;
      ctx.emit({ ...event, at: now });
      ctx.emit({ type: 'terminating', at: now, sessionId: session.id, computeId, reason: 'failed' });
      await attemptTerminate(session.id);
      return;
    }
    // Only a session still active on the compute we saw: one being released or expired (here or
    // through another instance) ends through its own path, with its own events.
    const current = await ctx.store.get(session.id);
    if (current?.state !== 'active' || current.computeId !== computeId) return;
    // Counted until the gone machine was noticed: the estimate errs on the side of spending more.
    await recordSpend(ctx.store, current, ctx.clock.now());
    if (!(await ctx.store.delete(session.id, current.version))) return;
    ctx.scheduler.delete(session.id);
    ctx.emit({ ...event, at: ctx.clock.now() });
    ctx.waiters.settle(session.id);
    ctx.secrets.release(session.id);
  }

  return { beginEnd, attemptTerminate, vanished };
}
