import type { FakeResponse } from '@atlas/fake-kit';
import type { FakeState } from './fake-state.js';
import { problem } from './http-io.js';
import type { LogEntry } from './pod-store.js';
import type { RouteContext } from './router.js';

/** How often a following stream looks for new lines. */
const FOLLOW_POLL_MS = 10;

/** One SSE event; `id:` carries ts/sequence so EventSource reconnects can resume with Last-Event-ID (spec). */
function event(entry: LogEntry): string {
  const ts = new Date(entry.ts).toISOString();
  return `id: ${ts}/${String(entry.seq).padStart(12, '0')}\ndata: ${JSON.stringify({ ts, source: entry.source, line: entry.line })}\n\n`;
}

/**
 * `GET /v2/pods/{id}/logs` as server-sent events. By default the fake sends the backlog and ends the
 * stream so readers terminate; with `followLogs` it stays open like the real one, sending lines as
 * they appear, until the client leaves, the pod stops or is deleted, or the fake closes.
 */
export function podLogs(state: FakeState, ctx: RouteContext): FakeResponse | undefined {
  const podId = ctx.params.id!;
  const entries = state.pods.logs(podId);
  if (!entries) return problem(404, 'pod not found', { instance: ctx.path });
  const source = ctx.query.get('source');
  // The spec: Last-Event-ID wins over since, and either one makes tail ignored.
  const lastEventId = ctx.req.headers['last-event-id'];
  const resuming = typeof lastEventId === 'string';
  const since = resuming ? null : ctx.query.get('since');
  const sinceMs = since ? Date.parse(since) : Number.NEGATIVE_INFINITY;
  const tail =
    resuming || since
      ? Number.POSITIVE_INFINITY
      : Math.min(5000, Math.max(0, Number(ctx.query.get('tail') ?? 100) || 0));
  let lastSeq = resuming ? Number(lastEventId.split('/')[1] ?? 0) : 0;
  const wanted = (e: LogEntry) => (source === null || e.source === source) && e.seq > lastSeq;
  const backlog = entries.filter((e) => wanted(e) && e.ts >= sinceMs);

  ctx.res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  for (const entry of tail === 0 ? [] : backlog.slice(-Math.min(tail, backlog.length))) ctx.res.write(event(entry));
  lastSeq = Math.max(lastSeq, ...entries.map((e) => e.seq));
  if (!state.settings.followLogs) {
    ctx.res.end();
    return undefined;
  }
  const timer = setInterval(() => {
    const now = state.pods.logs(podId);
    for (const entry of now ?? []) {
      if (wanted(entry)) ctx.res.write(event(entry));
      lastSeq = Math.max(lastSeq, entry.seq);
    }
    // A stopped or gone pod logs no more (its last lines were just sent): the stream ends.
    const status = state.pods.status(podId);
    if (!now || status === 'EXITED' || status === 'TERMINATED') {
      clearInterval(timer);
      ctx.res.end();
    }
  }, FOLLOW_POLL_MS);
  ctx.res.on('close', () => clearInterval(timer));
  return undefined;
}
