import type { HttpClient } from '@atlas/core/provider';
import { toAtlasError } from '../guard.js';
import { readSse } from './sse.js';

export interface PodLogOptions {
  /** Keep the stream open and yield new lines as they come (default false: the backlog, then stop). */
  readonly follow?: boolean;
  /** Backlog lines to send first (RunPod default 100, max 5000). */
  readonly tail?: number;
  /** Resume from this RFC 3339 timestamp instead of a tail. */
  readonly since?: string;
  /** Only container or only system logs (default both). */
  readonly source?: 'container' | 'system';
  /** Without follow: stop after this long with no new line (default 2 s). */
  readonly idleMs?: number;
}

const DEFAULT_IDLE_MS = 2_000;

/**
 * `GET /v2/pods/{id}/logs` (server-sent events whose data is `{source, line, ts}`), as log lines.
 * The stream never ends by itself, so without `follow` it stops at the first line stamped after
 * the call began, or when no line arrived for `idleMs`.
 */
export async function* podLogs(
  client: HttpClient,
  podId: string,
  options: PodLogOptions = {},
): AsyncGenerator<string, void, undefined> {
  const startedAt = Date.now();
  const follow = options.follow === true;
  try {
    const response = await client.request({
      method: 'GET',
      path: `pods/${encodeURIComponent(podId)}/logs`,
      query: { tail: options.tail, since: options.since, source: options.source },
      headers: { accept: 'text/event-stream' },
      responseType: 'response',
    });
    const body = (response as Response).body;
    if (body === null) return;
    const reader = body.getReader();
    const events = readSse(reader);
    try {
      for (;;) {
        const next = follow
          ? await events.next()
          : await withIdleLimit(events.next(), options.idleMs ?? DEFAULT_IDLE_MS);
        if (next === 'idle' || next.done) return;
        const entry = parseEntry(next.value.data);
        if (!follow && entry.ts !== undefined && entry.ts > startedAt) return;
        yield entry.line;
      }
    } finally {
      // After an idle stop a read is still pending on a stream that never ends by itself: cancel
      // the reader first, or events.return() would wait for that read forever.
      await reader.cancel().catch(() => undefined);
      await events.return(undefined);
    }
  } catch (error) {
    throw toAtlasError(error);
  }
}

function parseEntry(data: string): { line: string; ts?: number } {
  try {
    const parsed = JSON.parse(data) as { line?: unknown; ts?: unknown };
    if (parsed && typeof parsed.line === 'string') {
      const ts = typeof parsed.ts === 'string' ? Date.parse(parsed.ts) : Number.NaN;
      return Number.isNaN(ts) ? { line: parsed.line } : { line: parsed.line, ts };
    }
  } catch {
    // not JSON: the data is the line itself
  }
  return { line: data };
}

async function withIdleLimit<T>(next: Promise<T>, idleMs: number): Promise<T | 'idle'> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<'idle'>((resolve) => {
    timer = setTimeout(() => resolve('idle'), idleMs);
  });
  try {
    return await Promise.race([next, idle]);
  } finally {
    clearTimeout(timer);
  }
}
