import type { Session } from '@atlas/orchestrator';
import * as orchestratorExports from '@atlas/orchestrator';
import { extraFields, finite } from './session-fields.js';

type SessionSpend = (session: Session, now: number) => number;

/** The orchestrator's own spend function once it has one (helper `spend` adds it), so both agree to the cent. */
const orchestratorSpend = (orchestratorExports as Record<string, unknown>).sessionSpendUsd as SessionSpend | undefined;

/** USD per hour the session's machine bills: its own field, else the compute's, else the placement offer's. */
export function sessionPricePerHour(session: Session): number | undefined {
  const extra = extraFields(session);
  return (
    finite(extra.pricePerHour) ?? finite(session.compute?.costPerHour) ?? finite(extra.placement?.offer?.pricePerHour)
  );
}

/**
 * Spend so far in USD: `sessionSpendUsd` from `@atlas/orchestrator` when it exports it, else price
 * per hour times the time billed (from `billedFrom`, else from creation). Undefined without a price.
 */
export function sessionSpend(session: Session, now: number): number | undefined {
  return spendWith(orchestratorSpend, session, now);
}

/** sessionSpend with the orchestrator's function given (undefined: the fallback formula); for tests. */
export function spendWith(spendOf: SessionSpend | undefined, session: Session, now: number): number | undefined {
  const price = sessionPricePerHour(session);
  if (price === undefined) return undefined;
  if (spendOf !== undefined) return finite(spendOf(session, now));
  const from = finite(extraFields(session).billedFrom) ?? session.createdAt;
  return (price * Math.max(0, now - from)) / 3_600_000;
}
