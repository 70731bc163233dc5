import type { EventLog } from './event-log.js';
import type { EventView } from './event-view.js';
import { respond } from './responses.js';

/** A comment line this often keeps proxies from closing an idle stream. */
const KEEP_ALIVE_MS = 15_000;
/** Entries queued for a client that does not read before its stream is ended (it reconnects). */
const MAX_QUEUED = 1_000;

const encoder = new TextEncoder();

const format = (entry: EventView) => `id: ${entry.seq}\ndata: ${JSON.stringify(entry)}\n\n`;

interface OpenStream {
  readonly end: () => void;
  /** Whether the credential the stream was opened with still holds (a login expires, or is signed out). */
  readonly stillValid: () => Promise<boolean>;
}

/**
 * The open event streams: each one a subscriber of the event log, ended by close(), when its
 * client goes away (the body is cancelled), or when the login it was opened with no longer holds
 * (checked at every keep-alive and at every sign-out).
 */
export class EventStreams {
  readonly #log: EventLog;
  readonly #open = new Set<OpenStream>();

  constructor(log: EventLog) {
    this.#log = log;
  }

  /**
   * A new stream. `lastEventId` is what a reconnecting EventSource sends (`Last-Event-ID`): the
   * entries it missed while away come first.
   */
  response(lastEventId: string | null, stillValid: () => Promise<boolean>): Response {
    let timer: ReturnType<typeof setInterval> | undefined;
    let unsubscribe = () => {};
    let ended = false;
    let close = () => {};
    const stream: OpenStream = {
      stillValid,
      end: () => {
        if (ended) return;
        ended = true;
        unsubscribe();
        clearInterval(timer);
        this.#open.delete(stream);
        close();
      },
    };
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        const send = (text: string) => controller.enqueue(encoder.encode(text));
        close = () => {
          try {
            controller.close();
          } catch {
            // Already closed, or cancelled by the client.
          }
        };
        send('retry: 3000\n: connected\n\n');
        const last = lastEventId === null ? Number.NaN : Number(lastEventId);
        if (Number.isSafeInteger(last)) for (const entry of this.#log.since(last)) send(format(entry));
        unsubscribe = this.#log.subscribe((entry) => {
          // A client that stopped reading is dropped rather than buffered without bound.
          if ((controller.desiredSize ?? 0) < -MAX_QUEUED) return stream.end();
          send(format(entry));
        });
        timer = setInterval(async () => {
          if (!(await stillValid())) return stream.end();
          if (!ended) send(': keep-alive\n\n');
        }, KEEP_ALIVE_MS);
        (timer as { unref?: () => void }).unref?.();
        this.#open.add(stream);
      },
      cancel: () => stream.end(),
    });
    return respond(body, 200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'x-accel-buffering': 'no',
    });
  }

  /** Ends the streams whose login no longer holds (after a sign-out). */
  async recheck(): Promise<void> {
    await Promise.all([...this.#open].map(async (stream) => (await stream.stillValid()) || stream.end()));
  }

  closeAll(): void {
    for (const stream of [...this.#open]) stream.end();
  }
}
