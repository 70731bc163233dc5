import type { Compute } from '@atlas/core';
import { parseStamp } from './owner-stamp.js';
import type { Session } from './session.js';

/** A resource the reaper terminates (or, in a dry run, would). */
export interface ReapCandidate {
  readonly computeId: string;
  readonly name: string;
  /** The session id from the resource's stamp. */
  readonly sessionId: string;
  readonly status: Compute['status'];
  /**
   * - `untracked`: no session has this id (the app crashed between spawn and store, or the store
   *   lost it, or the orchestrator gave up terminating it);
   * - `stale_spawn`: its session has been `spawning`, with no sign of progress, for longer than the
   *   grace period;
   * - `duplicate`: its session tracks another compute (a create that was sent twice).
   */
  readonly reason: 'untracked' | 'stale_spawn' | 'duplicate';
}

export interface ReapPlanInput {
  readonly ownerId: string;
  readonly computes: readonly Compute[];
  readonly sessions: ReadonlyMap<string, Session>;
  readonly now: number;
  readonly graceMs: number;
  /** When the reaper first saw each compute, for providers that report no createdAt. */
  readonly firstSeen: ReadonlyMap<string, number>;
}

export interface ReapPlan {
  readonly orphans: ReapCandidate[];
  /** Sessions stuck in `spawning` beyond the grace period: their records are dropped. */
  readonly staleSpawns: Session[];
}

/**
 * Pure: which resources are orphans. A resource is only ever a candidate when its name parses as
 * exactly this owner's stamp, so other owners' resources (even `atlas-<ownerId>2-...` or
 * `atlas-<ownerId>-x-...`) and hand-made ones are never touched. Young resources are left alone
 * for the grace period: their session may still be on its way into the store.
 */
export function planReap(input: ReapPlanInput): ReapPlan {
  const { ownerId, sessions, now, graceMs } = input;
  // From the spawn's last sign of progress: a placed spawn that is still trying offers is not stale.
  const isStale = (session: Session) =>
    session.state === 'spawning' && now - Math.max(session.createdAt, session.lastTouchedAt) >= graceMs;
  const orphans: ReapCandidate[] = [];
  for (const compute of input.computes) {
    const stamp = parseStamp(compute.name);
    if (stamp === undefined || stamp.ownerId !== ownerId || compute.status === 'terminated') continue;
    const createdAt = compute.createdAt === undefined ? Number.NaN : Date.parse(compute.createdAt);
    const bornAt = Number.isNaN(createdAt) ? (input.firstSeen.get(compute.id) ?? now) : createdAt;
    if (now - bornAt < graceMs) continue;
    const session = sessions.get(stamp.sessionId);
    let reason: ReapCandidate['reason'] | undefined;
    if (session === undefined) reason = 'untracked';
    else if (session.state === 'spawning') reason = isStale(session) ? 'stale_spawn' : undefined;
    else if (session.computeId !== compute.id) reason = 'duplicate';
    if (reason === undefined) continue;
    orphans.push({
      computeId: compute.id,
      name: compute.name!,
      sessionId: stamp.sessionId,
      status: compute.status,
      reason,
    });
  }
  return { orphans, staleSpawns: [...sessions.values()].filter(isStale) };
}
