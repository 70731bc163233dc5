import { AtlasError, type AtlasIssue } from '@atlas/core';
import { assertNoIssues } from './option-issues.js';
import { roundUsd, sessionSpendUsd } from './spend.js';
import type { SessionStore } from './store.js';

export interface BudgetOptions {
  /** No new session once the owner's spend (every provider, every user) reaches this, in USD. */
  readonly perOwnerUsd?: number;
  /** No new session for a user whose spend reaches this, in USD. Sessions without a userId count for the owner only. */
  readonly perUserUsd?: number;
  /**
   * Count only the spend of sessions that ended at or after this instant (ms), e.g. the start of the
   * month for a monthly budget; live sessions always count. Default: everything in the store.
   */
  readonly since?: () => number;
}

/** What was spent: ended sessions (their spend records) plus what live sessions have accrued so far. */
export interface SpendSummary {
  readonly totalUsd: number;
  readonly endedUsd: number;
  readonly liveUsd: number;
  /** The budget that applies (perUserUsd with a userId, else perOwnerUsd), when one is set. */
  readonly limitUsd?: number;
  /** The `since` the ended spend was counted from, when the budget has one. */
  readonly since?: number;
}

/** Budget amounts are non-negative finite numbers (0 refuses every new session). */
export function validateBudget(budget: BudgetOptions | undefined): BudgetOptions {
  const issues: AtlasIssue[] = [];
  for (const key of ['perOwnerUsd', 'perUserUsd'] as const) {
    const value = budget?.[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      issues.push({ path: `budget.${key}`, message: 'must be a non-negative number (USD)' });
    }
  }
  assertNoIssues('Invalid orchestrator options', issues);
  return budget ?? {};
}

/**
 * The owner's (or one user's) spend: the store's records of ended sessions plus the live sessions'
 * accrual at `now`, across every provider sharing the owner id. A session ending right now may
 * count twice for an instant (its record is written just before it is deleted): a budget errs on
 * the side of refusing.
 */
export async function spendOf(
  store: SessionStore,
  query: { readonly ownerId: string; readonly userId?: string | undefined; readonly since?: number | undefined },
  now: number,
): Promise<Pick<SpendSummary, 'totalUsd' | 'endedUsd' | 'liveUsd'>> {
  const { ownerId, userId, since } = query;
  const [ended, sessions] = await Promise.all([
    store.spendTotal({
      ownerId,
      ...(userId === undefined ? {} : { userId }),
      ...(since === undefined ? {} : { since }),
    }),
    store.list({ ownerId }),
  ]);
  let live = 0;
  for (const session of sessions)
    if (userId === undefined || session.userId === userId) live += sessionSpendUsd(session, now);
  return { totalUsd: roundUsd(ended + live), endedUsd: roundUsd(ended), liveUsd: roundUsd(live) };
}

/** Whether a budget is used up: spend that reached the limit leaves nothing for a new session. */
export function budgetExhausted(spentUsd: number, limitUsd: number): boolean {
  return spentUsd >= limitUsd;
}

/**
 * Budgets as the orchestrator applies them: `check` runs before a spawn stores or rents anything
 * and rejects AtlasError `forbidden` (code `budget_exceeded`, with spent and limit in `details`);
 * `summary` is orch.spend().
 */
export function createBudgets(store: SessionStore, ownerId: string, budget: BudgetOptions) {
  const since = () => budget.since?.();

  async function check(userId: string | undefined, now: number): Promise<void> {
    const scopes = [
      { scope: 'owner' as const, limitUsd: budget.perOwnerUsd, userId: undefined },
      { scope: 'user' as const, limitUsd: userId === undefined ? undefined : budget.perUserUsd, userId },
    ];
    for (const { scope, limitUsd, userId: who } of scopes) {
      if (limitUsd === undefined) continue;
      const { totalUsd } = await spendOf(store, { ownerId, userId: who, since: since() }, now);
      if (!budgetExhausted(totalUsd, limitUsd)) continue;
      const whose = scope === 'owner' ? `owner ${ownerId}` : `user ${who} of owner ${ownerId}`;
      throw new AtlasError({
        kind: 'forbidden',
        code: 'budget_exceeded',
        provider: 'atlas',
        message: `The budget of ${whose} is used up ($${totalUsd.toFixed(4)} spent of $${limitUsd.toFixed(4)}): no new session`,
        details: { scope, ownerId, ...(who === undefined ? {} : { userId: who }), spentUsd: totalUsd, limitUsd },
      });
    }
  }

  async function summary(userId: string | undefined, now: number): Promise<SpendSummary> {
    const from = since();
    const spent = await spendOf(store, { ownerId, userId, since: from }, now);
    const limitUsd = userId === undefined ? budget.perOwnerUsd : budget.perUserUsd;
    return {
      ...spent,
      ...(limitUsd === undefined ? {} : { limitUsd }),
      ...(from === undefined ? {} : { since: from }),
    };
  }

  return { check, summary };
}
