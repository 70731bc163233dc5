import type { AtlasError, ComputeStatus } from '@atlas/core';
import type { EndReason, Session, SessionPlacementAttempt } from './session.js';

interface Base {
  /** When it happened, ms on the orchestrator's clock. */
  readonly at: number;
}

/** Every change the orchestrator makes or sees. Events never carry a token. */
export type OrchestratorEvent =
  | (Base & { readonly type: 'spawned'; readonly sessionId: string; readonly session: Session })
  | (Base & { readonly type: 'ready'; readonly sessionId: string; readonly computeId: string })
  | (Base & { readonly type: 'heartbeat'; readonly sessionId: string; readonly idleDeadline: number })
  | (Base & { readonly type: 'idle_timeout'; readonly sessionId: string; readonly idleDeadline: number })
  | (Base & { readonly type: 'max_runtime'; readonly sessionId: string; readonly maxDeadline: number })
  | (Base & {
      readonly type: 'terminating';
      readonly sessionId: string;
      readonly computeId?: string;
      readonly reason: EndReason;
    })
  | (Base & {
      readonly type: 'terminated';
      readonly sessionId: string;
      readonly computeId?: string;
      readonly reason: EndReason;
    })
  | (Base & {
      readonly type: 'terminate_failed';
      readonly sessionId: string;
      readonly computeId?: string;
      readonly attempt: number;
      readonly error: AtlasError;
      /** When the next attempt is due; absent when the orchestrator gave up. */
      readonly retryAt?: number;
      /** True after the last attempt: the session is dropped and the reaper takes over. */
      readonly gaveUp: boolean;
    })
  | (Base & {
      readonly type: 'vanished';
      readonly sessionId: string;
      readonly computeId: string;
      /** What the provider said: the compute failed, was terminated, or is unknown to it. */
      readonly reason: 'failed' | 'terminated' | 'not_found';
      readonly status?: ComputeStatus;
    })
  | (Base & {
      readonly type: 'stopped';
      readonly sessionId: string;
      readonly computeId: string;
      /** What the orchestrator does about it (the onStopped option; `keep` when it stopped it itself). */
      readonly action: 'end' | 'keep';
      /** Who stopped it: the orchestrator's stop(), or the provider (seen by the poll). */
      readonly by: 'orchestrator' | 'upstream';
    })
  | (Base & {
      /** One try of one offer during a placed spawn, as it ended. */
      readonly type: 'placement_attempt';
      readonly sessionId: string;
      readonly attempt: SessionPlacementAttempt;
    })
  | (Base & {
      /** This instance took the session over: its holder's instance lease had expired. */
      readonly type: 'taken_over';
      readonly sessionId: string;
      /** The instance that held it. */
      readonly from: string;
    })
  | (Base & {
      /** The session's spend reached its maxCostUsd: it is being terminated (reason `budget_exhausted`). */
      readonly type: 'budget_exhausted';
      readonly sessionId: string;
      readonly spentUsd: number;
      readonly maxCostUsd: number;
    })
  | (Base & {
      /** The estimate of what this owner's sessions on `provider` cost in [from, to) differs from the provider's bill. */
      readonly type: 'spend_mismatch';
      readonly provider: string;
      readonly from: number;
      readonly to: number;
      readonly estimatedUsd: number;
      readonly billedUsd: number;
      /** estimatedUsd - billedUsd: negative when the provider billed more than estimated. */
      readonly differenceUsd: number;
    })
  | (Base & {
      readonly type: 'reaped';
      readonly computeId: string;
      readonly name: string;
      /** The session id from the name's stamp (no live session tracks it). */
      readonly sessionId: string;
    });

export type OrchestratorEventType = OrchestratorEvent['type'];
export type EventOf<T extends OrchestratorEventType> = Extract<OrchestratorEvent, { type: T }>;

type Listener = (event: OrchestratorEvent) => void;

/** Events one iterator holds for a consumer that does not pull, before the oldest are dropped. */
export const DEFAULT_MAX_BUFFERED = 1_000;

export interface EventHubHooks {
  readonly onListenerError: (error: unknown) => void;
  /** An iterator's buffer was full and its oldest event dropped (reported once per iterator). */
  readonly onOverflow: (dropped: OrchestratorEvent) => void;
}

/**
 * Fan-out of events to listeners and to async iterators. A throwing listener is reported through
 * `onListenerError` and never breaks the orchestrator or the other listeners.
 */
export class EventHub {
  readonly #listeners = new Set<{ type: OrchestratorEventType | '*'; fn: Listener }>();
  readonly #streams = new Set<EventStream>();
  readonly #hooks: EventHubHooks;
  #closed = false;

  constructor(hooks: EventHubHooks) {
    this.#hooks = hooks;
  }

  emit(event: OrchestratorEvent): void {
    for (const listener of this.#listeners) {
      if (listener.type !== '*' && listener.type !== event.type) continue;
      try {
        listener.fn(event);
      } catch (error) {
        this.#hooks.onListenerError(error);
      }
    }
    for (const stream of this.#streams) stream.push(event);
  }

  on(type: OrchestratorEventType | '*', fn: Listener): () => void {
    const entry = { type, fn };
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  stream(filter: {
    sessionId?: string;
    signal?: AbortSignal;
    maxBuffered?: number;
  }): AsyncIterableIterator<OrchestratorEvent> {
    const stream = new EventStream(
      filter.sessionId,
      Number.isSafeInteger(filter.maxBuffered) && filter.maxBuffered! > 0 ? filter.maxBuffered! : DEFAULT_MAX_BUFFERED,
      () => this.#streams.delete(stream),
      this.#hooks.onOverflow,
    );
    this.#streams.add(stream);
    // After close() nothing more will come: an iterator asked for now ends at once, not never.
    if (this.#closed || filter.signal?.aborted) stream.end();
    else filter.signal?.addEventListener('abort', () => stream.end(), { once: true });
    return stream;
  }

  /** Ends every iterator (after it drains what it buffered) and drops every listener. */
  close(): void {
    this.#closed = true;
    for (const stream of this.#streams) stream.end();
    this.#listeners.clear();
  }
}

/**
 * Buffers events until the consumer pulls them, at most `maxBuffered`: an iterator nobody reads
 * (forgotten, or its consumer stuck) costs a bounded amount of memory, and loses its oldest events.
 */
class EventStream implements AsyncIterableIterator<OrchestratorEvent> {
  readonly #sessionId: string | undefined;
  readonly #maxBuffered: number;
  readonly #detach: () => void;
  readonly #onOverflow: (dropped: OrchestratorEvent) => void;
  readonly #buffer: OrchestratorEvent[] = [];
  #waiting: ((result: IteratorResult<OrchestratorEvent>) => void) | undefined;
  #ended = false;
  #overflowed = false;

  constructor(
    sessionId: string | undefined,
    maxBuffered: number,
    detach: () => void,
    onOverflow: (dropped: OrchestratorEvent) => void,
  ) {
    this.#sessionId = sessionId;
    this.#maxBuffered = maxBuffered;
    this.#detach = detach;
    this.#onOverflow = onOverflow;
  }

  push(event: OrchestratorEvent): void {
    if (this.#ended) return;
    if (this.#sessionId !== undefined && ('sessionId' in event ? event.sessionId : undefined) !== this.#sessionId)
      return;
    const waiting = this.#waiting;
    if (waiting === undefined) {
      this.#buffer.push(event);
      if (this.#buffer.length > this.#maxBuffered) {
        const dropped = this.#buffer.shift()!;
        if (!this.#overflowed) this.#onOverflow(dropped);
        this.#overflowed = true;
      }
      return;
    }
    this.#waiting = undefined;
    waiting({ value: event, done: false });
  }

  end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#detach();
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<OrchestratorEvent>> {
    const event = this.#buffer.shift();
    if (event !== undefined) return Promise.resolve({ value: event, done: false });
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<OrchestratorEvent>> {
    this.#buffer.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<OrchestratorEvent> {
    return this;
  }
}
