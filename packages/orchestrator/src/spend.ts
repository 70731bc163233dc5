import type { Compute } from '@atlas/core';
import { msUntilBudget, spendUsd } from '@atlas/placement';
import type { Session, SessionChanges } from './session.js';
import type { SpendRecord } from './spend-record.js';
import type { SessionStore } from './store.js';

/** Sums rounded to the 1/10,000 of a dollar that spendUsd counts in, without float noise. */
export function roundUsd(usd: number): number {
  return Math.round(usd * 10_000) / 10_000;
}

/**
 * What a session has cost from when its machine started billing until `now`, in USD (1/10,000 of a
 * dollar). 0 while it is still spawning, and for a machine whose provider reports no price.
 */
export function sessionSpendUsd(session: Session, now: number): number {
  if (session.pricePerHour === undefined || session.billedFrom === undefined) return 0;
  return spendUsd(session.pricePerHour, session.billedFrom, now);
}

/** When the session's spend reaches its maxCostUsd (ms); Infinity without a cap, a price or a machine. */
export function budgetDeadline(session: Session): number {
  const { maxCostUsd, pricePerHour, billedFrom } = session;
  if (maxCostUsd === undefined || pricePerHour === undefined || billedFrom === undefined) {
    return Number.POSITIVE_INFINITY;
  }
  return billedFrom + msUntilBudget(pricePerHour, maxCostUsd);
}

/**
 * What a session records when its create returns: from now on its machine bills, at its price (the
 * compute's own; else `quotedPricePerHour`, the price of the offer placement chose, when there is one).
 */
export function billingStart(compute: Compute, now: number, quotedPricePerHour?: number): SessionChanges {
  const pricePerHour = compute.costPerHour ?? quotedPricePerHour;
  return { billedFrom: now, ...(pricePerHour === undefined ? {} : { pricePerHour }) };
}

/**
 * Keeps what an ended session cost. Written before the session's record is deleted: a crash in
 * between writes it again at the next attempt, which the store ignores (idempotent per session and
 * billing start), so spend is never lost and never counted twice once the session is gone.
 */
export async function recordSpend(store: SessionStore, session: Session, endedAt: number): Promise<void> {
  if (session.billedFrom === undefined) return;
  const record: SpendRecord = {
    ownerId: session.ownerId,
    ...(session.userId === undefined ? {} : { userId: session.userId }),
    sessionId: session.id,
    provider: session.provider,
    usd: sessionSpendUsd(session, endedAt),
    from: session.billedFrom,
    to: Math.max(session.billedFrom, endedAt),
  };
  await store.addSpend(record);
}
