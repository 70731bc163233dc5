import { type AtlasError, type Compute, computeSecrets } from '@atlas/core';
import { holdSecrets, toAtlasError } from '@atlas/core/provider';
import type { ComputeBackend } from './backend.js';
import { planReap, type ReapCandidate } from './reap-plan.js';
import type { Session } from './session.js';
import { listOurs, type SessionContext } from './session-context.js';

export interface ReapResult {
  readonly dryRun: boolean;
  /** Resources with this owner's stamp that no live session tracks. */
  readonly orphans: readonly ReapCandidate[];
  /** Orphans terminated by this run (empty in a dry run). */
  readonly terminated: readonly string[];
  readonly failed: readonly { readonly computeId: string; readonly error: AtlasError }[];
  /** False when other instances hold the reaper leases (of every provider) and this run did nothing. */
  readonly ran: boolean;
}

/** One provider's part of a run: its list, or why there is none. */
type Listing =
  | { readonly backend: ComputeBackend; readonly computes: Compute[] }
  | { readonly backend: ComputeBackend; readonly skipped: true }
  | { readonly backend: ComputeBackend; readonly error: unknown };

/**
 * The reaper: on every provider, one list call per run and a lease so that one instance per owner
 * and provider reaps there at a time, and planReap to decide. Remembers when it first saw each
 * compute, for providers without createdAt. A provider whose list fails is skipped (and logged);
 * the run fails only when every provider's did.
 */
export function createReaper(
  ctx: SessionContext,
  options: { graceMs: number; reapIntervalMs: number; limit: <T>(task: () => Promise<T>) => Promise<T> },
) {
  const { graceMs, reapIntervalMs } = options;
  const firstSeenOn = new Map<string, Map<string, number>>();

  async function listOn(backend: ComputeBackend, dryRun: boolean): Promise<Listing> {
    try {
      // Per owner and provider: one owner's reapers on two providers each reap their own.
      const lease = `reap:${ctx.ownerId}:${backend.providerId}`;
      if (!dryRun && !(await ctx.store.acquireLease(lease, ctx.instanceId, Math.max(reapIntervalMs, 1_000)))) {
        return { backend, skipped: true };
      }
      return { backend, computes: await backend.list({ namePrefix: ctx.prefix }) };
    } catch (error) {
      return { backend, error };
    }
  }

  function planOn(backend: ComputeBackend, computes: Compute[], sessions: readonly Session[], now: number) {
    const firstSeen = firstSeenOn.get(backend.providerId) ?? new Map<string, number>();
    firstSeenOn.set(backend.providerId, firstSeen);
    const seen = new Set(computes.map((c) => c.id));
    for (const id of firstSeen.keys()) if (!seen.has(id)) firstSeen.delete(id);
    for (const id of seen) if (!firstSeen.has(id)) firstSeen.set(id, now);
    // A spawning session's compute may be on any provider (a placed spawn writes where it landed
    // when the create returns), so spawning sessions count on every provider.
    const relevant = sessions.filter((s) => s.provider === backend.providerId || s.state === 'spawning');
    return planReap({
      ownerId: ctx.ownerId,
      computes,
      sessions: new Map(relevant.map((s) => [s.id, s])),
      now,
      graceMs,
      firstSeen,
    });
  }

  /**
   * An orphan's env values and token are known to nobody here (its session is gone, or was never
   * stored): held while its terminate runs, from what its provider declared on the listed compute,
   * so an error echoing them reaches neither the result's `failed` nor the log.
   */
  async function terminateOrphan(backend: ComputeBackend, orphan: ReapCandidate, compute: Compute | undefined) {
    const release = holdSecrets(computeSecrets(compute));
    try {
      await backend.terminate(orphan.computeId);
      ctx.emit({
        type: 'reaped',
        at: ctx.clock.now(),
        computeId: orphan.computeId,
        name: orphan.name,
        sessionId: orphan.sessionId,
      });
      return { computeId: orphan.computeId } as const;
    } catch (error) {
      return { computeId: orphan.computeId, error: toAtlasError(error, backend.providerId) } as const;
    } finally {
      release();
    }
  }

  return async function reap(dryRun: boolean): Promise<ReapResult> {
    const backends = ctx.backends.ids.map((id) => ctx.backends.get(id)!);
    const listings = await Promise.all(backends.map((backend) => listOn(backend, dryRun)));
    const failures = listings.filter((l) => 'error' in l);
    if (failures.length === listings.length) throw failures[0]!.error;
    for (const failure of failures) {
      ctx.logger.warn?.('orchestrator: the reaper could not list a provider; it tries again next run', {
        provider: failure.backend.providerId,
        kind: toAtlasError(failure.error, failure.backend.providerId).kind,
      });
    }
    const listed = listings.filter((l) => 'computes' in l);
    if (listed.length === 0) return { dryRun, orphans: [], terminated: [], failed: [], ran: false };
    // Read after the lists: a session that went active meanwhile is seen with its compute.
    const sessions = await listOurs(ctx);
    const now = ctx.clock.now();
    const plans = listed.map(({ backend, computes }) => ({
      backend,
      computes: new Map(computes.map((c) => [c.id, c])),
      plan: planOn(backend, computes, sessions, now),
    }));
    const orphans = plans.flatMap(({ plan }) => plan.orphans);
    if (dryRun) return { dryRun, orphans, terminated: [], failed: [], ran: true };
    const staleSpawns = new Map(plans.flatMap(({ plan }) => plan.staleSpawns.map((s) => [s.id, s] as const)));
    for (const stale of staleSpawns.values()) {
      ctx.logger.warn?.('orchestrator: dropping a session stuck in spawning', { sessionId: stale.id });
      await ctx.store.delete(stale.id, stale.version);
    }
    // A few at a time (maxConcurrentDue), not one by one: 10,000 orphans after a crash must not
    // take hours, nor flood the cloud. Results keep the plan's order.
    const outcomes = await Promise.all(
      plans.flatMap(({ backend, computes, plan }) =>
        plan.orphans.map((orphan) =>
          options.limit(() => terminateOrphan(backend, orphan, computes.get(orphan.computeId))),
        ),
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
    return { dryRun, orphans, terminated, failed, ran: true };
  };
}
