/** One server-sent event: its `id` (if any) and its data lines joined by "\n". */
export interface SseEvent {
  readonly id?: string;
  readonly data: string;
}

/**
 * Server-sent events from a byte stream (the WHATWG event-stream format: `field: value` lines,
 * events ended by a blank line, `:` comments ignored). Yields each event as soon as it is complete.
 * Takes the reader, not the stream: a caller that gives up while a read is pending (no line for a
 * while) must cancel the reader itself, because the generator's return() waits for that read.
 */
export async function* readSse(
  reader: ReadableStreamDefaultReader<Uint8Array>,
): AsyncGenerator<SseEvent, void, undefined> {
  const decoder = new TextDecoder();
  let buffer = '';
  let data: string[] = [];
  let id: string | undefined;
  // A CR that ended the previous chunk already ended its line; an LF opening this chunk is its pair.
  let endedOnCr = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      buffer += endedOnCr && text.startsWith('\n') ? text.slice(1) : text;
      endedOnCr = buffer.endsWith('\r');
      const lines = buffer.split(/\r\n|\r|\n/);
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        if (line === '') {
          if (data.length > 0) yield { ...(id === undefined ? {} : { id }), data: data.join('\n') };
          data = [];
          continue;
        }
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'data') data.push(value);
        else if (field === 'id') id = value;
      }
    }
    if (data.length > 0) yield { ...(id === undefined ? {} : { id }), data: data.join('\n') };
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
