import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { msUntilBudget, type Offer, orderOffers, spendUsd } from '../src/index.js';

const PROVIDERS = ['alpha', 'beta', 'gamma', 'delta'];

const offer = fc.record({
  provider: fc.constantFrom(...PROVIDERS),
  nativeId: fc.constantFrom('H100', 'A100'),
  gpuCount: fc.integer({ min: 1, max: 8 }),
  cloudType: fc.constantFrom('secure', 'community', 'spot'),
  pricePerHour: fc.double({ min: 0, max: 100, noNaN: true }),
  stock: fc.constantFrom('none', 'low', 'medium', 'high'),
  observedAt: fc.constant(new Date(0).toISOString()),
}) as fc.Arbitrary<Offer>;

describe('offer ordering (property)', () => {
  it('cheapest: never above the guard, never an offer without stock, prices ascending, nothing invented', () => {
    fc.assert(
      fc.property(
        fc.array(offer, { maxLength: 30 }),
        fc.option(fc.double({ min: 0, max: 100, noNaN: true })),
        (offers, max) => {
          const ordered = orderOffers(offers, {
            providerOrder: PROVIDERS,
            ...(max === null ? {} : { maxPricePerHour: max }),
          });
          for (const o of ordered) {
            expect(offers).toContain(o);
            expect(o.stock).not.toBe('none');
            if (max !== null) expect(o.pricePerHour).toBeLessThanOrEqual(max);
          }
          for (let i = 1; i < ordered.length; i++) {
            expect(ordered[i]!.pricePerHour).toBeGreaterThanOrEqual(ordered[i - 1]!.pricePerHour);
          }
          const eligible = offers.filter((o) => o.stock !== 'none' && (max === null || o.pricePerHour <= max));
          expect(ordered).toHaveLength(eligible.length);
        },
      ),
    );
  });

  it('ordered: grouped by the providers order, each group by price', () => {
    fc.assert(
      fc.property(fc.array(offer, { maxLength: 30 }), (offers) => {
        const ordered = orderOffers(offers, { providerOrder: PROVIDERS, strategy: 'ordered' });
        const ranks = ordered.map((o) => PROVIDERS.indexOf(o.provider));
        for (let i = 1; i < ordered.length; i++) {
          expect(ranks[i]!).toBeGreaterThanOrEqual(ranks[i - 1]!);
          if (ranks[i] === ranks[i - 1]) {
            expect(ordered[i]!.pricePerHour).toBeGreaterThanOrEqual(ordered[i - 1]!.pricePerHour);
          }
        }
      }),
    );
  });
});

describe('spend arithmetic (property)', () => {
  const price = fc.double({ min: 0.01, max: 100, noNaN: true });
  const instant = fc.integer({ min: 0, max: 10 * 24 * 3_600_000 });

  it('is never negative, grows with time, and adds up over consecutive spans (to the rounding)', () => {
    fc.assert(
      fc.property(price, instant, instant, instant, (p, a, b, c) => {
        const [t0, t1, t2] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
        expect(spendUsd(p, t0, t1)).toBeGreaterThanOrEqual(0);
        expect(spendUsd(p, t0, t2)).toBeGreaterThanOrEqual(spendUsd(p, t0, t1));
        expect(Math.abs(spendUsd(p, t0, t1) + spendUsd(p, t1, t2) - spendUsd(p, t0, t2))).toBeLessThanOrEqual(0.0002);
        expect(spendUsd(p, t1, t0)).toBe(0);
      }),
    );
  });

  it('runs out of budget when the spend reaches it', () => {
    fc.assert(
      fc.property(price, fc.double({ min: 0.01, max: 1000, noNaN: true }), (p, budget) => {
        const ms = msUntilBudget(p, budget);
        expect(spendUsd(p, 0, ms)).toBeLessThanOrEqual(budget + 0.0001);
        expect(spendUsd(p, 0, ms + 3_600_000)).toBeGreaterThan(budget);
      }),
    );
  });
});
