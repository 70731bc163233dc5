import { spendUsd } from '@atlas/placement';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventOf, OrchestratorOptions } from '../src/index.js';
import { createWorld, GPU_REQUEST, type Harness, setup, startOrchestrator } from './harness.js';

const HOUR = 3_600_000;
const LONG = { idleTtlMs: 24 * HOUR, maxRuntimeMs: 48 * HOUR, pollIntervalMs: HOUR, reapIntervalMs: 10 * HOUR };

let h: Harness;
afterEach(async () => {
  await h.orch.close();
});

type Window = { from: number; to: number };

/** A provider's bill, scripted: what each read returns, and the windows it was asked for. */
function fakeBill(answer: (window: Window) => number | Promise<number>) {
  const reads: Window[] = [];
  const signals: AbortSignal[] = [];
  return {
    reads,
    signals,
    readBill: async (from: number, to: number, signal: AbortSignal) => {
      reads.push({ from, to });
      signals.push(signal);
      return answer({ from, to });
    },
  };
}

/** An orchestrator that starts `offsetMs` after the fake clock's start (an exact hour, 09:00 UTC). */
async function start(
  reconcile: NonNullable<OrchestratorOptions['reconcile']>,
  extra: Partial<OrchestratorOptions> = {},
  offsetMs = 0,
): Promise<number> {
  const world = createWorld();
  const hourStart = world.clock.now();
  expect(hourStart % HOUR).toBe(0);
  await world.clock.advance(offsetMs);
  h = startOrchestrator(world, { ...LONG, reconcile, ...extra });
  return hourStart;
}

const mismatches = () => h.events.filter((e): e is EventOf<'spend_mismatch'> => e.type === 'spend_mismatch');

describe('reconciling the estimate with the provider’s bill', () => {
  it('compares whole windows aligned to the interval; an agreeing bill emits nothing, a differing one spend_mismatch', async () => {
    let extra = 0;
    const bill = fakeBill(({ from, to }) => {
      // The provider bills the machine exactly as estimated, plus whatever the test adds.
      const session = h.events.find((e) => e.type === 'spawned');
      const billed =
        session?.type === 'spawned'
          ? spendUsd(session.session.pricePerHour!, Math.max(from, session.session.billedFrom!), to)
          : 0;
      return billed + extra;
    });
    // Started mid-hour: the windows are aligned to the hour, not to the start.
    const hourStart = await start({ provider: 'mock', intervalMs: HOUR, readBill: bill.readBill }, {}, HOUR / 4);
    const { compute } = await h.orch.spawn(GPU_REQUEST);
    await h.clock.advance(2 * HOUR);
    expect(bill.reads).toEqual([
      { from: hourStart, to: hourStart + HOUR },
      { from: hourStart + HOUR, to: hourStart + 2 * HOUR },
    ]);
    expect(mismatches()).toEqual([]);

    extra = 1;
    await h.clock.advance(HOUR);
    expect(bill.reads.at(-1)).toEqual({ from: hourStart + 2 * HOUR, to: hourStart + 3 * HOUR });
    const [mismatch] = mismatches();
    expect(mismatch).toMatchObject({
      provider: 'mock',
      from: hourStart + 2 * HOUR,
      to: hourStart + 3 * HOUR,
    });
    expect(mismatch!.estimatedUsd).toBeCloseTo(compute.costPerHour!, 4);
    expect(mismatch!.billedUsd).toBeCloseTo(compute.costPerHour! + 1, 4);
    expect(mismatch!.differenceUsd).toBeCloseTo(-1, 4);
  });

  it('counts ended sessions from their spend records, prorated to the window', async () => {
    const bill = fakeBill(() => 0);
    const hourStart = await start({
      provider: 'mock',
      intervalMs: HOUR,
      readBill: bill.readBill,
      toleranceUsd: 0,
      toleranceFraction: 0,
    });
    await h.clock.advance(HOUR / 2);
    const { session, compute } = await h.orch.spawn(GPU_REQUEST);
    await h.clock.advance(2 * HOUR);
    await h.orch.release(session.id);
    await h.clock.advance(hourStart + 3 * HOUR - h.clock.now());
    const byWindow = new Map(mismatches().map((m) => [m.from, m.estimatedUsd]));
    // From 09:30 to 11:30: half an hour in the first window, an hour in the second (live at each
    // comparison), half an hour in the third (from the spend record, once it ended).
    expect(byWindow.get(hourStart)).toBeCloseTo(compute.costPerHour! / 2, 3);
    expect(byWindow.get(hourStart + HOUR)).toBeCloseTo(compute.costPerHour!, 3);
    expect(byWindow.get(hourStart + 2 * HOUR)).toBeCloseTo(compute.costPerHour! / 2, 3);
    const [record] = await h.store.listSpend({ ownerId: 'app' });
    const total = [...byWindow.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(record!.usd, 3);
  });

  it('within the tolerance (absolute or a fraction of the bill) there is no event', async () => {
    let ratio = 1.04;
    let estimate = 0;
    const bill = fakeBill(({ from, to }) => {
      const spawned = h.events.find((e) => e.type === 'spawned');
      estimate =
        spawned?.type === 'spawned'
          ? spendUsd(spawned.session.pricePerHour!, Math.max(from, spawned.session.billedFrom!), to)
          : 0;
      return estimate * ratio;
    });
    await start({
      provider: 'mock',
      intervalMs: HOUR,
      readBill: bill.readBill,
      toleranceUsd: 0.01,
      toleranceFraction: 0.05,
    });
    await h.clock.advance(HOUR);
    await h.orch.spawn(GPU_REQUEST);
    await h.clock.advance(HOUR);
    expect(estimate).toBeGreaterThan(0.5);
    expect(mismatches()).toEqual([]);
    ratio = 1.2;
    await h.clock.advance(HOUR);
    expect(mismatches()).toHaveLength(1);
  });

  it('lagMs compares only windows the bill has closed', async () => {
    const bill = fakeBill(() => 0);
    const hourStart = await start({ provider: 'mock', intervalMs: HOUR, lagMs: HOUR / 2, readBill: bill.readBill });
    await h.clock.advance(3 * HOUR);
    // Compared at 10:00, 11:00 and 12:00: each time the last hour that ended half an hour before.
    expect(bill.reads).toEqual([
      { from: hourStart - HOUR, to: hourStart },
      { from: hourStart, to: hourStart + HOUR },
      { from: hourStart + HOUR, to: hourStart + 2 * HOUR },
    ]);
  });

  it('a bill that cannot be read is logged; the next round covers the window it missed', async () => {
    let fail = true;
    const warned: string[] = [];
    const bill = fakeBill(() => {
      if (fail) throw new Error('billing endpoint down');
      return 0;
    });
    const hourStart = await start(
      { provider: 'mock', intervalMs: HOUR, readBill: bill.readBill },
      { logger: { warn: (message) => warned.push(message) } },
    );
    await h.clock.advance(HOUR);
    expect(bill.reads).toEqual([{ from: hourStart, to: hourStart + HOUR }]);
    expect(warned.some((m) => m.includes('reconcile'))).toBe(true);
    fail = false;
    await h.clock.advance(HOUR);
    expect(bill.reads.at(-1)).toEqual({ from: hourStart, to: hourStart + 2 * HOUR });
    expect(mismatches()).toEqual([]);
  });

  it('one instance reconciles a window (a lease); close() aborts a read under way', async () => {
    // A read that never settles: close() must not wait for it.
    const bill = fakeBill(() => new Promise<number>(() => undefined));
    await start({ provider: 'mock', intervalMs: HOUR, readBill: bill.readBill });
    const second = startOrchestrator(h, {
      ...LONG,
      reconcile: { provider: 'mock', intervalMs: HOUR, readBill: bill.readBill },
    });
    await h.clock.advance(HOUR);
    expect(bill.reads).toHaveLength(1);
    await second.orch.close();
    await h.orch.close();
    expect(bill.signals.every((s) => s.aborted)).toBe(true);
  });

  it('rejects options that cannot work', () => {
    const readBill = async () => 0;
    for (const reconcile of [
      { provider: 'mock', intervalMs: 0, readBill },
      { provider: 'mock', intervalMs: HOUR, lagMs: -1, readBill },
      { provider: 'mock', intervalMs: HOUR, toleranceUsd: -1, readBill },
      { provider: 'mock', intervalMs: HOUR, toleranceFraction: Number.NaN, readBill },
      { provider: '', intervalMs: HOUR, readBill },
    ]) {
      expect(() => setup({ reconcile })).toThrow(expect.objectContaining({ kind: 'validation' }));
    }
    h = setup();
  });
});
