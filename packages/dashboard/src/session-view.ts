import type { Session, SessionPlacementAttempt } from '@atlas/orchestrator';
import { finite, text } from './session-fields.js';
import { sessionPricePerHour, sessionSpend } from './spend.js';

export interface PlacementAttemptView {
  readonly provider: string | undefined;
  readonly region: string | undefined;
  readonly pricePerHour: number | undefined;
  readonly outcome: string | undefined;
  readonly errorKind: string | undefined;
  readonly message: string | undefined;
  readonly durationMs: number | undefined;
}

/**
 * What the dashboard shows of a session. Built field by field from a whitelist: a field the
 * orchestrator adds later (or `tokenHash`, or a compute's env) is never sent because nobody
 * listed it here.
 */
export interface SessionView {
  readonly id: string;
  readonly ownerId: string;
  readonly userId: string | undefined;
  readonly provider: string;
  readonly region: string | undefined;
  readonly state: string;
  readonly status: string | undefined;
  readonly computeId: string | undefined;
  readonly gpuType: string | undefined;
  readonly gpuCount: number | undefined;
  readonly createdAt: number;
  readonly lastTouchedAt: number;
  readonly readyAt: number | undefined;
  readonly idleDeadline: number;
  readonly maxDeadline: number;
  readonly endReason: string | undefined;
  readonly ageMs: number;
  readonly idleMs: number;
  /** Until the first of the idle and max deadlines. */
  readonly timeLeftMs: number;
  readonly pricePerHour: number | undefined;
  readonly spendUsd: number | undefined;
  readonly maxCostUsd: number | undefined;
  readonly offer: { readonly provider: string | undefined; readonly region: string | undefined } | undefined;
  readonly attempts: readonly PlacementAttemptView[];
}

export function sessionView(session: Session, now: number): SessionView {
  const offer = session.placement?.offer;
  return {
    id: session.id,
    ownerId: session.ownerId,
    userId: text(session.userId),
    provider: session.provider,
    region: text(session.compute?.region) ?? text(offer?.region),
    state: session.state,
    status: text(session.status),
    computeId: text(session.computeId),
    gpuType: text(session.compute?.gpuType),
    gpuCount: finite(session.compute?.gpuCount),
    createdAt: session.createdAt,
    lastTouchedAt: session.lastTouchedAt,
    readyAt: finite(session.readyAt),
    idleDeadline: session.idleDeadline,
    maxDeadline: session.maxDeadline,
    endReason: text(session.endReason),
    ageMs: Math.max(0, now - session.createdAt),
    idleMs: Math.max(0, now - session.lastTouchedAt),
    timeLeftMs: Math.min(session.idleDeadline, session.maxDeadline) - now,
    pricePerHour: sessionPricePerHour(session),
    spendUsd: sessionSpend(session, now),
    maxCostUsd: finite(session.maxCostUsd),
    offer: offer === undefined ? undefined : { provider: text(offer.provider), region: text(offer.region) },
    attempts: (Array.isArray(session.placement?.attempts) ? session.placement.attempts : []).map(attemptView),
  };
}

function attemptView(attempt: SessionPlacementAttempt): PlacementAttemptView {
  return {
    provider: text(attempt.provider),
    region: text(attempt.region),
    pricePerHour: finite(attempt.pricePerHour),
    outcome: text(attempt.outcome),
    errorKind: text(attempt.errorKind),
    message: text(attempt.message),
    durationMs: finite(attempt.durationMs),
  };
}
