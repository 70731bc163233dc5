import { describe, expect, it } from 'vitest';
import { readSse, type SseEvent } from '../src/extras/sse.js';

/** A body delivered in exactly these chunks, as a network would split it. */
function chunked(...chunks: string[]): ReadableStreamDefaultReader<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  }).getReader();
}

async function events(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const event of readSse(reader)) out.push(event);
  return out;
}

describe('readSse', () => {
  it('a CRLF split between two chunks ends one line, not two (no early, empty-line dispatch)', async () => {
    expect(await events(chunked('data: a\r', '\ndata: b\r\n\r\n'))).toEqual([{ data: 'a\nb' }]);
  });

  it('LF, CR and CRLF line ends; comments ignored; the id kept', async () => {
    expect(await events(chunked(': hi\nid: 7\ndata: x\n\n', 'data: y\r\rdata: z\r\n\r\n'))).toEqual([
      { id: '7', data: 'x' },
      { id: '7', data: 'y' },
      { id: '7', data: 'z' },
    ]);
  });
});
