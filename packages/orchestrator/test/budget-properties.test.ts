import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBudgets } from '../src/budget.js';
import { createMemoryStore, type NewSession, type Session, sessionSpendUsd } from '../src/index.js';
import { windowSpendUsd } from '../src/reconcile.js';
import { budgetDeadline } from '../src/spend.js';

const HOUR = 3_600_000;
const price = fc.double({ min: 0.01, max: 50, noNaN: true });
const instant = fc.integer({ min: 0, max: 30 * 24 * HOUR });
const users = fc.constantFrom(undefined, 'alice', 'bob');

/** An ended session's spend record, as the orchestrator writes it. */
const record = fc
  .record({ p: price, a: instant, b: instant, userId: users, sessionId: fc.uuid() })
  .map(({ p, a, b, userId, sessionId }) => {
    const [from, to] = a <= b ? [a, b] : [b, a];
    return {
      ownerId: 'app',
      ...(userId === undefined ? {} : { userId }),
      sessionId,
      provider: 'mock',
      usd: sessionSpendUsd(liveSession({ pricePerHour: p, billedFrom: from }), to),
      from,
      to,
    };
  });

function liveSession(extra: Partial<NewSession>): Session {
  return {
    id: 'live',
    ownerId: 'app',
    name: 'atlas-app-live',
    provider: 'mock',
    state: 'active',
    createdAt: 0,
    lastTouchedAt: 0,
    idleTtlMs: HOUR,
    maxRuntimeMs: HOUR,
    idleDeadline: HOUR,
    maxDeadline: HOUR,
    version: 1,
    ...extra,
  };
}

describe('budget arithmetic (property)', () => {
  it('a session’s budget deadline is when its spend reaches maxCostUsd: not before, and not long after', () => {
    fc.assert(
      fc.property(price, instant, fc.double({ min: 0.01, max: 500, noNaN: true }), (p, from, maxCostUsd) => {
        const session = liveSession({ pricePerHour: p, billedFrom: from, maxCostUsd });
        const deadline = budgetDeadline(session);
        expect(deadline).toBeGreaterThanOrEqual(from);
        expect(sessionSpendUsd(session, deadline)).toBeLessThanOrEqual(maxCostUsd + 0.0001);
        // One more 1/10,000 of a dollar of billing takes it past the cap.
        const more = Math.ceil((0.0002 / p) * HOUR) + 1;
        expect(sessionSpendUsd(session, deadline + more)).toBeGreaterThan(maxCostUsd);
        // Without a price or a machine there is nothing to count, so nothing ends the session.
        expect(budgetDeadline({ ...session, pricePerHour: 0 })).toBe(Number.POSITIVE_INFINITY);
        const { billedFrom: _b, ...spawning } = session;
        expect(budgetDeadline(spawning)).toBe(Number.POSITIVE_INFINITY);
      }),
    );
  });

  it('spent = ended records + live accrual; a user’s spend is part of the owner’s; refused exactly when spent reaches the limit', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(record, { selector: (r) => r.sessionId, maxLength: 12 }),
        fc.array(fc.record({ p: price, from: instant, userId: users }), { maxLength: 4 }),
        fc.double({ min: 0, max: 2_000, noNaN: true }),
        users,
        async (records, live, limitUsd, userId) => {
          const now = 31 * 24 * HOUR;
          const store = createMemoryStore();
          for (const r of records) await store.addSpend(r);
          const sessions = live.map((l, i) =>
            liveSession({
              id: `live${i}`,
              pricePerHour: l.p,
              billedFrom: l.from,
              ...(l.userId === undefined ? {} : { userId: l.userId }),
            }),
          );
          for (const { version: _v, ...s } of sessions) await store.create(s);
          const mine = (u: string | undefined) => (x: { userId?: string }) => u === undefined || x.userId === u;

          const budgets = createBudgets(store, 'app', { perOwnerUsd: limitUsd, perUserUsd: limitUsd });
          const owner = await budgets.summary(undefined, now);
          const endedUsd = records.reduce((sum, r) => sum + r.usd, 0);
          const liveUsd = sessions.reduce((sum, s) => sum + sessionSpendUsd(s, now), 0);
          expect(owner.endedUsd).toBeCloseTo(endedUsd, 3);
          expect(owner.liveUsd).toBeCloseTo(liveUsd, 3);
          expect(owner.totalUsd).toBeCloseTo(owner.endedUsd + owner.liveUsd, 3);
          const user = await budgets.summary(userId, now);
          expect(user.totalUsd).toBeLessThanOrEqual(owner.totalUsd + 0.0001);
          expect(user.endedUsd).toBeCloseTo(
            records.filter(mine(userId)).reduce((sum, r) => sum + r.usd, 0),
            3,
          );

          const refused = await budgets.check(userId, now).then(
            () => undefined,
            (error: unknown) => error,
          );
          const overOwner = owner.totalUsd >= limitUsd;
          const overUser = userId !== undefined && user.totalUsd >= limitUsd;
          expect(refused !== undefined).toBe(overOwner || overUser);
          if (refused !== undefined) {
            expect(refused).toMatchObject({ kind: 'forbidden', code: 'budget_exceeded', details: { limitUsd } });
            expect((refused as { details: { spentUsd: number } }).details.spentUsd).toBeGreaterThanOrEqual(limitUsd);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the reconciliation estimate adds up: windows that partition a span sum to the span, and to the records', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 10 }),
        fc.array(fc.record({ pricePerHour: price, billedFrom: instant }), { maxLength: 3 }),
        fc.array(instant, { minLength: 2, maxLength: 8 }),
        (records, live, cuts) => {
          const bounds = [...new Set(cuts)].sort((a, b) => a - b);
          fc.pre(bounds.length >= 2);
          let sum = 0;
          for (let i = 1; i < bounds.length; i++) {
            const part = windowSpendUsd(records, live, bounds[i - 1]!, bounds[i]!);
            expect(part).toBeGreaterThanOrEqual(0);
            sum += part;
          }
          const whole = windowSpendUsd(records, live, bounds[0]!, bounds.at(-1)!);
          // Each window is rounded to 1/10,000 of a dollar, as is each live session's part of it.
          expect(Math.abs(sum - whole)).toBeLessThanOrEqual(0.0001 * bounds.length * (live.length + 1));
          // A window over everything is exactly what the records say (live sessions aside).
          const total = records.reduce((s, r) => s + r.usd, 0);
          expect(windowSpendUsd(records, [], 0, 31 * 24 * HOUR)).toBeCloseTo(total, 3);
        },
      ),
    );
  });
});
