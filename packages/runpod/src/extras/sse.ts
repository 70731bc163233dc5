import { createParser, type EventSourceMessage } from 'eventsource-parser';

/** One server-sent event: its `id` (if any) and its data lines joined by "\n". */
export interface SseEvent {
  readonly id?: string;
  readonly data: string;
}

/**
 * Server-sent events from a byte stream, parsed by eventsource-parser (the WHATWG event-stream
 * format). Yields each event as soon as it is complete; an event the server left unfinished when
 * the stream ended is still yielded (a log line cut off by a closing server is still a line).
 * Takes the reader, not the stream: a caller that gives up while a read is pending (no line for a
 * while) must cancel the reader itself, because the generator's return() waits for that read.
 */
export async function* readSse(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<SseEvent, void, undefined> {
  const decoder = new TextDecoder();
  const ready: SseEvent[] = [];
  // The spec's "last event ID" outlives the event that set it: a resume needs the latest one seen.
  let lastId: string | undefined;
  const parser = createParser({
    onEvent: (event: EventSourceMessage) => {
      lastId = event.id ?? lastId;
      if (event.data === '') return;
      ready.push(lastId === undefined ? { data: event.data } : { id: lastId, data: event.data });
    },
  });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      while (ready.length > 0) yield ready.shift()!;
    }
    parser.feed(decoder.decode());
    parser.reset({ consume: true });
    while (ready.length > 0) yield ready.shift()!;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
