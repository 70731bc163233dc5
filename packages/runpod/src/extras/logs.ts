import { AtlasError, type AtlasIssue, isAtlasError } from '@atlas/core';
import { type HttpClient, isRfc3339, sleep } from '@atlas/core/provider';
import type { PodStatus } from '../api/pods.js';
import { getPod } from '../compute/pods.js';
import { assertNoIssues } from '../invalid-input.js';
import { PROVIDER_ID } from '../settings.js';
import { readSse } from './sse.js';

export interface PodLogOptions {
  /**
   * Keep yielding new lines as they come (default false: the backlog, then stop). A stream the
   * server closes is resumed (`Last-Event-ID`); the iteration ends when the pod has stopped
   * (EXITED), is terminated or gone, or when the caller aborts.
   */
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
/** The spec's bounds (`LogTail`: integer 0..5000). */
const MAX_TAIL = 5_000;
/** Waits between reconnects when streams keep closing with nothing in them. */
const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 5_000;
/** Pod statuses after which no more lines come: a followed stream that closes then is the end. */
const ENDED: readonly PodStatus[] = ['EXITED', 'TERMINATED'];

/**
 * `GET /v2/pods/{id}/logs` (server-sent events whose data is `{source, line, ts}`), as log lines.
 * Without `follow` it stops at the first line stamped after the call began, or when no line
 * arrived for `idleMs`. With `follow`, a stream the server closes is resumed with `Last-Event-ID`
 * (no line twice, none lost) until the caller aborts or the pod has stopped or is gone; then the
 * iteration ends.
 */
export async function* podLogs(
  client: HttpClient,
  podId: string,
  options: PodLogOptions = {},
  signal?: AbortSignal,
): AsyncGenerator<string, void, undefined> {
  checkOptions(options);
  const startedAt = Date.now();
  if (options.follow !== true) {
    yield* readStream(client, podId, options, { query: baseQuery(options) }, (entry) => {
      if (entry.ts !== undefined && entry.ts > startedAt) return 'stop';
      return 'yield';
    });
    return;
  }
  const cursor: { lastEventId?: string } = {};
  const since = options.since ?? new Date(startedAt).toISOString();
  let quietCloses = 0;
  for (let first = true; ; first = false) {
    let yielded = false;
    // The first stream honours tail/since; a resumed one starts where the last event left off.
    const resume: StreamRequest = first
      ? { query: baseQuery(options) }
      : cursor.lastEventId === undefined
        ? { query: { source: options.source, since } }
        : { query: { source: options.source }, lastEventId: cursor.lastEventId };
    for await (const line of readStream(client, podId, options, resume, () => 'yield', cursor)) {
      yielded = true;
      yield line;
    }
    if (await podEnded(client, podId)) return;
    quietCloses = yielded ? 0 : quietCloses + 1;
    const waitMs = quietCloses === 0 ? 0 : Math.min(RECONNECT_MAX_MS, RECONNECT_MIN_MS * 2 ** (quietCloses - 1));
    // The caller's abort ends a wait as it ends a read: with the abort error.
    if (waitMs > 0 && !(await sleep(waitMs, signal))) throw new DOMException('aborted by the caller', 'AbortError');
  }
}

interface StreamRequest {
  readonly query: Readonly<Record<string, string | number | undefined>>;
  readonly lastEventId?: string;
}

function baseQuery(options: PodLogOptions): StreamRequest['query'] {
  return { tail: options.tail, since: options.since, source: options.source };
}

/** One SSE connection, until the server closes it (or, without follow, an idle spell or `decide` says stop). */
async function* readStream(
  client: HttpClient,
  podId: string,
  options: PodLogOptions,
  request: StreamRequest,
  decide: (entry: LogEntry) => 'yield' | 'stop',
  cursor?: { lastEventId?: string },
): AsyncGenerator<string, void, undefined> {
  const response = await client.request({
    method: 'GET',
    path: `pods/${encodeURIComponent(podId)}/logs`,
    query: request.query,
    headers: {
      accept: 'text/event-stream',
      ...(request.lastEventId === undefined ? {} : { 'last-event-id': request.lastEventId }),
    },
    responseType: 'response',
  });
  const answer = response as Response;
  const type = answer.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('text/event-stream')) {
    // Read as events, a JSON or HTML answer would yield nothing and look like a silent pod.
    await answer.body?.cancel().catch(() => undefined);
    throw new AtlasError({
      kind: 'contract',
      provider: PROVIDER_ID,
      status: answer.status,
      message: `runpod: the logs of pod ${podId} came back as ${type === '' ? 'a body without a content type' : `'${type}'`}, not an event stream`,
    });
  }
  const body = answer.body;
  if (body === null) return;
  const reader = body.getReader();
  const events = readSse(reader);
  const follow = options.follow === true;
  try {
    for (;;) {
      const next = follow ? await events.next() : await withIdleLimit(events.next(), options.idleMs ?? DEFAULT_IDLE_MS);
      if (next === 'idle' || next.done) return;
      const entry = parseEntry(next.value.data);
      if (decide(entry) === 'stop') return;
      if (cursor !== undefined && next.value.id !== undefined) cursor.lastEventId = next.value.id;
      yield entry.line;
    }
  } finally {
    // After an idle stop a read is still pending on a stream that never ends by itself: cancel
    // the reader first, or events.return() would wait for that read forever.
    await reader.cancel().catch(() => undefined);
    await events.return(undefined);
  }
}

/** Whether the pod will log no more: stopped, terminated, or gone. */
async function podEnded(client: HttpClient, podId: string): Promise<boolean> {
  try {
    return ENDED.includes((await getPod(client, podId)).status);
  } catch (error) {
    if (isAtlasError(error) && error.kind === 'not_found') return true;
    throw error;
  }
}

function checkOptions(options: PodLogOptions): void {
  const issues: AtlasIssue[] = [];
  const { tail, since } = options;
  if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0 && tail <= MAX_TAIL)) {
    issues.push({ path: 'tail', message: `must be an integer from 0 to ${MAX_TAIL}` });
  }
  if (since !== undefined && !isRfc3339(since)) {
    issues.push({ path: 'since', message: 'must be an RFC 3339 date-time (2026-06-01T12:00:00Z)' });
  }
  assertNoIssues('log options', issues);
}

interface LogEntry {
  readonly line: string;
  readonly ts?: number;
}

function parseEntry(data: string): LogEntry {
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
