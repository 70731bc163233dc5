import type { OrchestratorEvent } from '@atlas/orchestrator';
import { type ActionEntry, actionView, type EventView, eventView } from './event-view.js';

/** Recent entries kept for the Events page and a session's page; older ones are only in the stream. */
export const EVENT_LOG_SIZE = 500;

type Subscriber = (entry: EventView) => void;

/**
 * The orchestrator's events and the dashboard's own actions, in one numbered sequence: a bounded
 * ring of recent entries for the pages, and a fan-out to every open event stream.
 */
export class EventLog {
  readonly #entries: EventView[] = [];
  readonly #subscribers = new Set<Subscriber>();
  readonly #now: () => number;
  #seq = 0;

  constructor(now: () => number) {
    this.#now = now;
  }

  addEvent(event: OrchestratorEvent): void {
    this.#add(eventView(event, ++this.#seq, this.#now()));
  }

  addAction(entry: Omit<ActionEntry, 'kind' | 'at'>): void {
    this.#add(actionView({ ...entry, kind: 'action', at: this.#now() }, ++this.#seq));
  }

  /** Newest first, optionally for one session. */
  recent(sessionId?: string, limit = EVENT_LOG_SIZE): EventView[] {
    const out: EventView[] = [];
    for (let i = this.#entries.length - 1; i >= 0 && out.length < limit; i--) {
      const entry = this.#entries[i]!;
      if (sessionId === undefined || entry.sessionId === sessionId) out.push(entry);
    }
    return out;
  }

  /** Entries after `seq`, oldest first: what a reconnecting stream missed, as far as the ring reaches. */
  since(seq: number): EventView[] {
    return this.#entries.filter((entry) => entry.seq > seq);
  }

  subscribe(fn: Subscriber): () => void {
    this.#subscribers.add(fn);
    return () => {
      this.#subscribers.delete(fn);
    };
  }

  #add(entry: EventView): void {
    this.#entries.push(entry);
    if (this.#entries.length > EVENT_LOG_SIZE) this.#entries.shift();
    for (const fn of this.#subscribers) {
      try {
        fn(entry);
      } catch {
        // A stream that broke must not stop the log, nor the other streams: it is dropped.
        this.#subscribers.delete(fn);
      }
    }
  }
}
