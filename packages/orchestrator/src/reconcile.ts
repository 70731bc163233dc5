import type { AtlasIssue } from '@atlas/core';
import { spendUsd } from '@atlas/placement';
import { assertNoIssues } from './option-issues.js';
import type { Session } from './session.js';
import type { SessionContext } from './session-context.js';
import { roundUsd } from './spend.js';
import type { SpendRecord } from './spend-record.js';

export interface ReconcileOptions {
  /**
   * How often to compare, and the size of the windows compared: windows are aligned to multiples
   * of it since the epoch (an hour: 10:00-11:00 UTC), as providers' billing buckets are.
   */
  readonly intervalMs: number;
  /**
   * The provider's bill for this account between two instants (ms), in USD: for example RunPod's
   * billing endpoint through its provider extra. Aborted when the orchestrator closes.
   */
  readonly readBill: (from: number, to: number, signal: AbortSignal) => Promise<number>;
  /** The provider whose bill `readBill` reads: the estimate counts the owner's sessions on it. */
  readonly provider: string;
  /** How long the provider takes to close a window of its bill; only windows older than this are compared. Default 0. */
  readonly lagMs?: number;
  /** A difference up to this many USD is no mismatch; default 0.01. */
  readonly toleranceUsd?: number;
  /** ...nor one up to this fraction of the bill; default 0.05 (5 %). */
  readonly toleranceFraction?: number;
}

export const RECONCILE_DEFAULTS = { lagMs: 0, toleranceUsd: 0.01, toleranceFraction: 0.05 } as const;

/** Checked when the orchestrator is created: a loop that cannot work fails loudly, not every interval. */
export function validateReconcile(options: ReconcileOptions | undefined): ReconcileOptions | undefined {
  if (options === undefined) return undefined;
  const issues: AtlasIssue[] = [];
  if (!Number.isSafeInteger(options.intervalMs) || options.intervalMs < 1) {
    issues.push({ path: 'reconcile.intervalMs', message: 'must be a positive integer (ms)' });
  }
  if (typeof options.readBill !== 'function')
    issues.push({ path: 'reconcile.readBill', message: 'must be a function' });
  if (typeof options.provider !== 'string' || options.provider === '') {
    issues.push({ path: 'reconcile.provider', message: 'must name the provider whose bill readBill reads' });
  }
  for (const key of ['lagMs', 'toleranceUsd', 'toleranceFraction'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0)) {
      issues.push({ path: `reconcile.${key}`, message: 'must be a non-negative number' });
    }
  }
  assertNoIssues('Invalid orchestrator options', issues);
  return options;
}

/**
 * The estimate for a window: each ended session's spend prorated to the part of its billed span
 * inside the window, plus each live session's spend inside it. Pure; property-tested.
 */
export function windowSpendUsd(
  records: readonly Pick<SpendRecord, 'usd' | 'from' | 'to'>[],
  live: readonly Pick<Session, 'pricePerHour' | 'billedFrom'>[],
  from: number,
  to: number,
): number {
  let usd = 0;
  for (const record of records) {
    const overlap = Math.min(record.to, to) - Math.max(record.from, from);
    if (overlap > 0 && record.to > record.from) usd += (record.usd * overlap) / (record.to - record.from);
  }
  for (const session of live) {
    if (session.pricePerHour === undefined || session.billedFrom === undefined) continue;
    usd += spendUsd(session.pricePerHour, Math.max(session.billedFrom, from), to);
  }
  return roundUsd(usd);
}

/** Whether an estimate and a bill differ by more than the tolerance allows. */
export function spendMismatch(
  estimatedUsd: number,
  billedUsd: number,
  tolerance: { readonly toleranceUsd: number; readonly toleranceFraction: number },
): boolean {
  return Math.abs(estimatedUsd - billedUsd) > Math.max(tolerance.toleranceUsd, tolerance.toleranceFraction * billedUsd);
}

/**
 * One reconciliation round (run every intervalMs by the orchestrator's background loop): the
 * windows from the last one compared to the latest the bill has closed, as one span, so a round
 * whose bill could not be read is covered by the next. One instance per owner and provider compares
 * (a lease), so a shared store yields one event per window.
 */
export function createReconciler(
  ctx: SessionContext,
  options: ReconcileOptions,
  closed: AbortSignal,
): () => Promise<void> {
  const { provider } = options;
  const { lagMs, toleranceUsd, toleranceFraction } = { ...RECONCILE_DEFAULTS, ...definedOnly(options) };
  const lease = `reconcile:${ctx.ownerId}:${provider}`;
  let nextFrom: number | undefined;

  return async function reconcile() {
    const now = ctx.clock.now();
    const to = Math.floor((now - lagMs) / options.intervalMs) * options.intervalMs;
    const from = nextFrom ?? to - options.intervalMs;
    if (to <= from) return;
    if (!(await ctx.store.acquireLease(lease, ctx.instanceId, options.intervalMs))) return;
    // Kept when this round fails: the next one covers this window too.
    nextFrom = from;
    const [records, sessions] = await Promise.all([
      ctx.store.listSpend({ ownerId: ctx.ownerId, since: from }),
      ctx.store.list({ ownerId: ctx.ownerId }),
    ]);
    const estimatedUsd = windowSpendUsd(
      records.filter((r) => r.provider === provider),
      sessions.filter((s) => s.provider === provider),
      from,
      to,
    );
    const billedUsd = await untilAborted(options.readBill(from, to, closed), closed);
    nextFrom = to;
    if (!spendMismatch(estimatedUsd, billedUsd, { toleranceUsd, toleranceFraction })) return;
    ctx.emit({
      type: 'spend_mismatch',
      at: ctx.clock.now(),
      provider,
      from,
      to,
      estimatedUsd,
      billedUsd,
      differenceUsd: roundUsd(estimatedUsd - billedUsd),
    });
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** A bill read that ignores its signal must not hold close() up: it is abandoned on abort. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
