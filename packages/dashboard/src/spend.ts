import { type Session, sessionSpendUsd } from '@atlas/orchestrator';
import { finite } from './session-fields.js';

/**
 * USD per hour the session's machine bills: the price the orchestrator recorded at create, else
 * (a record stored before it recorded one) the compute's own.
 */
export function sessionPricePerHour(session: Session): number | undefined {
  return finite(session.pricePerHour) ?? finite(session.compute?.costPerHour);
}

/**
 * Spend so far in USD, as the orchestrator counts it (`sessionSpendUsd`: the recorded price since
 * `billedFrom`), so the dashboard and the orchestrator's budgets agree to the cent. Undefined, not
 * 0, when the session has no recorded price: the page says it does not know.
 */
export function sessionSpend(session: Session, now: number): number | undefined {
  return finite(session.pricePerHour) === undefined ? undefined : sessionSpendUsd(session, now);
}
