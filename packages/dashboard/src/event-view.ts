import type { OrchestratorEvent } from '@atlas/orchestrator';
import { formatUsd } from './format.js';
import { finite, text } from './session-fields.js';
import { type SessionView, sessionView } from './session-view.js';

/** An entry of the dashboard's own action log: who asked the dashboard to do what, and how it went. */
export interface ActionEntry {
  readonly kind: 'action';
  readonly at: number;
  readonly action: 'touch' | 'stop' | 'start' | 'terminate';
  readonly sessionId: string;
  readonly outcome: 'requested' | 'done' | 'failed';
  readonly errorKind?: string;
}

/**
 * One line of the event stream as the page shows it: a whitelist of fields per event type plus a
 * one-line summary. Error objects, sessions and anything a later event type carries are never
 * passed through whole.
 */
export interface EventView {
  readonly seq: number;
  readonly kind: 'event' | 'action';
  readonly type: string;
  readonly at: number;
  readonly sessionId: string | undefined;
  readonly summary: string;
  /** With `spawned` only: the new session as the sessions table shows it. */
  readonly session?: SessionView;
}

type Loose = Readonly<Record<string, unknown>>;

export function actionView(entry: ActionEntry, seq: number): EventView {
  const failure = entry.errorKind === undefined ? '' : ` (${entry.errorKind})`;
  return {
    seq,
    kind: 'action',
    type: `action:${entry.action}`,
    at: entry.at,
    sessionId: entry.sessionId,
    summary: `dashboard ${entry.action}: ${entry.outcome}${failure}`,
  };
}

export function eventView(event: OrchestratorEvent, seq: number, now: number): EventView {
  // Typed loosely on purpose: event types added to the orchestrator later are shown by type alone.
  const e = event as unknown as Loose;
  const base = {
    seq,
    kind: 'event' as const,
    type: String(e.type),
    at: finite(e.at) ?? now,
    sessionId: text(e.sessionId),
  };
  if (event.type === 'spawned') {
    const view = sessionView(event.session, now);
    return {
      ...base,
      summary: `spawned on ${view.provider}${view.userId ? ` for ${view.userId}` : ''}`,
      session: view,
    };
  }
  return { ...base, summary: summary(e) };
}

function summary(e: Loose): string {
  const computeId = text(e.computeId);
  const on = computeId === undefined ? '' : ` (${computeId})`;
  switch (e.type) {
    case 'ready':
      return `ready${on}`;
    case 'heartbeat':
      return 'touched';
    case 'idle_timeout':
      return 'idle timeout reached';
    case 'max_runtime':
      return 'max runtime reached';
    case 'terminating':
    case 'terminated':
      return `${e.type}${on}: ${text(e.reason) ?? 'unknown reason'}`;
    case 'terminate_failed': {
      const error = e.error as Loose | undefined;
      const kind = text(error?.kind) ?? 'error';
      return `terminate attempt ${finite(e.attempt) ?? '?'} failed (${kind})${e.gaveUp === true ? ', gave up' : ''}`;
    }
    case 'vanished':
      return `vanished upstream${on}: ${text(e.reason) ?? 'unknown'}`;
    case 'stopped': {
      const by = text(e.by);
      return `stopped${on}${by === undefined ? '' : ` by ${by}`}, ${text(e.action) === 'keep' ? 'kept' : 'ending'}`;
    }
    case 'taken_over':
      return `taken over from ${text(e.from) ?? 'another instance'}`;
    case 'reaped':
      return `orphan reaped${on}${text(e.name) === undefined ? '' : ` ${text(e.name)}`}`;
    case 'placement_attempt': {
      const a = (e.attempt ?? {}) as Loose;
      const price = finite(a.pricePerHour);
      const where = [text(a.provider), text(a.region)].filter(Boolean).join('/') || '?';
      const at = price === undefined ? '' : ` at ${formatUsd(price)}/h`;
      const error = text(a.errorKind) === undefined ? '' : ` (${text(a.errorKind)})`;
      return `placement on ${where}${at}: ${text(a.outcome) ?? '?'}${error}`;
    }
    case 'budget_exhausted':
      return `budget exhausted: ${formatUsd(finite(e.spentUsd))} of ${formatUsd(finite(e.maxCostUsd))}`;
    case 'spend_mismatch': {
      const where = text(e.provider) === undefined ? '' : ` on ${text(e.provider)}`;
      return `spend mismatch${where}: estimated ${formatUsd(finite(e.estimatedUsd))}, billed ${formatUsd(finite(e.billedUsd))}`;
    }
    default:
      return String(e.type);
  }
}
