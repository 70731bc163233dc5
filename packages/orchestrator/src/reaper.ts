import type { AtlasError } from '@atlas/core';
import { toAtlasError } from '@atlas/core/provider';
import { planReap, type ReapCandidate } from './reap-plan.js';
import { listOurs, type SessionContext } from './session-context.js';

export interface ReapResult {
  readonly dryRun: boolean;
  /** Resources with this owner's stamp that no live session tracks. */
  readonly orphans: readonly ReapCandidate[];
  /** Orphans terminated by this run (empty in a dry run). */
  readonly terminated: readonly string[];
  readonly failed: readonly { readonly computeId: string; readonly error: AtlasError }[];
  /** False when another instance holds the reaper lease and this run did nothing. */
  readonly ran: boolean;
}

/**
 * The reaper: one list call per run, a lease so that one instance per owner reaps at a time, and
 * planReap to decide. Remembers when it first saw each compute, for providers without createdAt.
 */
export function createReaper(
  ctx: SessionContext,
  options: { graceMs: number; reapIntervalMs: number; limit: <T>(task: () => Promise<T>) => Promise<T> },
) {
  const { graceMs, reapIntervalMs } = options;
  const firstSeen = new Map<string, number>();
  return async function reap(dryRun: boolean): Promise<ReapResult> {
    // Per owner and provider: one owner's reapers on two providers each reap their own.
    const lease = `reap:${ctx.ownerId}:${ctx.backend.providerId}`;
    if (!dryRun && !(await ctx.store.acquireLease(lease, ctx.instanceId, Math.max(reapIntervalMs, 1_000)))) {
      return { dryRun, orphans: [], terminated: [], failed: [], ran: false };
    }
    const computes = await ctx.backend.list({ namePrefix: ctx.prefix });
    const sessions = new Map((await listOurs(ctx)).map((s) => [s.id, s]));
    const now = ctx.clock.now();
    const seen = new Set(computes.map((c) => c.id));
    for (const id of firstSeen.keys()) if (!seen.has(id)) firstSeen.delete(id);
    for (const id of seen) if (!firstSeen.has(id)) firstSeen.set(id, now);
    const plan = planReap({ ownerId: ctx.ownerId, computes, sessions, now, graceMs, firstSeen });
    if (dryRun) return { dryRun, orphans: plan.orphans, terminated: [], failed: [], ran: true };
    for (const stale of plan.staleSpawns) {
      ctx.logger.warn?.('orchestrator: dropping a session stuck in spawning', { sessionId: stale.id });
      await ctx.store.delete(stale.id, stale.version);
    }
    // A few at a time (maxConcurrentDue), not one by one: 10,000 orphans after a crash must not
    // take hours, nor flood the cloud. Results keep the plan's order.
    const outcomes = await Promise.all(
      plan.orphans.map((orphan) =>
        options.limit(async () => {
          try {
            await ctx.backend.terminate(orphan.computeId);
            ctx.emit({
              type: 'reaped',
              at: ctx.clock.now(),
              computeId: orphan.computeId,
              name: orphan.name,
              sessionId: orphan.sessionId,
            });
            return { computeId: orphan.computeId } as const;
          } catch (error) {
            return { computeId: orphan.computeId, error: toAtlasError(error, ctx.backend.providerId) } as const;
          }
        }),
      ),
    );
    const terminated: string[] = [];
    const failed: { computeId: string; error: AtlasError }[] = [];
    for (const outcome of outcomes) {
      if (!('error' in outcome)) terminated.push(outcome.computeId);
      else if (outcome.error.kind !== 'not_found') {
        ctx.logger.warn?.('orchestrator: the reaper could not terminate an orphan', {
          computeId: outcome.computeId,
          kind: outcome.error.kind,
        });
        failed.push({ computeId: outcome.computeId, error: outcome.error });
      }
    }
    return { dryRun, orphans: plan.orphans, terminated, failed, ran: true };
  };
}
