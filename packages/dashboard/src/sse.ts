import type { EventLog } from './event-log.js';
import type { EventView } from './event-view.js';
import { respond } from './responses.js';

/** A comment line this often keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 15_000;
/** Entries queued for a client that does not read before its stream is ended (it reconnects). */
const MAX_QUEUED = 1_000;

const encoder = new TextEncoder();

const format = (entry: EventView) => `id: ${entry.seq}\ndata: ${JSON.stringify(entry)}\n\n`;

/**
 * The open event streams: each one a subscriber of the event log, ended by close() or when its
 * client goes away (the body is cancelled).
 */
export class EventStreams {
  readonly #log: EventLog;
  readonly #open = new Set<() => void>();

  constructor(log: EventLog) {
    this.#log = log;
  }

  /**
   * A new stream. `lastEventId` is what a reconnecting EventSource sends (`Last-Event-ID`): the
   * entries it missed while away come first.
   */
  response(lastEventId: string | null): Response {
    let end = () => {};
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        const send = (text: string) => controller.enqueue(encoder.encode(text));
        const unsubscribe = this.#log.subscribe((entry) => {
          // A client that stopped reading is dropped rather than buffered without bound.
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED) return end();
          send(format(entry));
        });
        const timer = setInterval(() => send(': keep-alive\n\n'), KEEP_ALIVE_MS);
        (timer as { unref?: () => void }).unref?.();
        let ended = false;
        end = () => {
          if (ended) return;
          ended = true;
          unsubscribe();
          clearInterval(timer);
          this.#open.delete(end);
          try {
            controller.close();
          } catch {
            // Already closed or errored by a cancel.
          }
        };
        this.#open.add(end);
        send('retry: 3000\n: connected\n\n');
        const last = lastEventId === null ? Number.NaN : Number(lastEventId);
        if (Number.isSafeInteger(last)) for (const entry of this.#log.since(last)) send(format(entry));
      },
      cancel: () => end(),
    });
    return respond(body, 200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'x-accel-buffering': 'no',
    });
  }

  closeAll(): void {
    for (const end of [...this.#open]) end();
  }
}
