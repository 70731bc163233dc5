import { AtlasError, type Compute } from '@atlas/core';
import { toAtlasError } from '@atlas/core/provider';
import { createBackend } from './backend.js';
import { type Clock, realClock } from './clock.js';
import { EndWaiters } from './end-waiters.js';
import { createEnding } from './ending.js';
import { EventHub, type EventOf, type OrchestratorEvent, type OrchestratorEventType } from './events.js';
import { createKeepAlive } from './keep-alive.js';
import { createLimiter } from './limiter.js';
import { createMemoryStore } from './memory-store.js';
import { defaultLogger, type OrchestratorOptions, type SpawnedSession, type SpawnRequest } from './options.js';
import { assertOwnerId, assertSessionId, randomSessionId, stampName, stampPrefix } from './owner-stamp.js';
import { defaultEndpointResolver } from './probe.js';
import { createReaper, type ReapResult } from './reaper.js';
import { createScheduler } from './scheduler.js';
import { type NewSession, type Session, toSessionCompute } from './session.js';
import { isOurs, listOurs, type Mutation, mutate as mutateIn, type SessionContext } from './session-context.js';
import { requestSecrets, SessionSecrets } from './session-secrets.js';
import { validateSpawnLimits } from './spawn-limits.js';
import { pollUpstream } from './upstream-watch.js';
import { type WaitReadyOptions, waitUntilReady } from './wait-ready.js';

export interface Orchestrator {
  readonly ownerId: string;
  /** Resolves once stored sessions are re-adopted (every method waits for it too). */
  ready(): Promise<{ readonly adopted: number }>;
  spawn(request: SpawnRequest): Promise<SpawnedSession>;
  /** Heartbeat: pushes the idle deadline to now + idleTtlMs. Rejects `not_found`, or `conflict` once ending. */
  touch(id: string): Promise<Session>;
  get(id: string): Promise<Session | undefined>;
  list(filter?: { readonly userId?: string }): Promise<Session[]>;
  /** Terminates upstream (retrying with backoff), then forgets. Resolves when the compute is gone. */
  release(id: string): Promise<void>;
  /** Resolves when the provider says running and the probe answers; rejects `timeout` otherwise. */
  waitReady(id: string, options?: WaitReadyOptions): Promise<Session>;
  /** Terminate orphans now (or, with dryRun, only say which). */
  reap(options?: { readonly dryRun?: boolean }): Promise<ReapResult>;
  /**
   * Events as they happen, optionally for one session; ends on close() (at once when already
   * closed) or when the signal aborts. Holds at most `maxBuffered` (default 1,000) unread events,
   * dropping the oldest beyond that (logged once as a warning); break out of the loop, or abort,
   * to stop an iterator you no longer read.
   */
  events(filter?: {
    readonly sessionId?: string;
    readonly signal?: AbortSignal;
    readonly maxBuffered?: number;
  }): AsyncIterableIterator<OrchestratorEvent>;
  /** A listener for one event type ('*' for all); returns the unsubscribe function. */
  on<T extends OrchestratorEventType>(type: T, listener: (event: EventOf<T>) => void): () => void;
  on(type: '*', listener: (event: OrchestratorEvent) => void): () => void;
  /** Timers and structures, for metrics and tests: one scheduler timer serves every session. */
  stats(): { readonly scheduled: number; readonly timers: number };
  /**
   * Stops the timers. With `terminate: true` every live session is terminated first (and awaited);
   * otherwise sessions stay in the store for the next orchestrator to re-adopt.
   */
  close(options?: { readonly terminate?: boolean }): Promise<void>;
}

const DEFAULTS = {
  reapIntervalMs: 60_000,
  pollIntervalMs: 15_000,
  graceMs: 120_000,
  idleTtlMs: 600_000,
  maxRuntimeMs: 8 * 3_600_000,
  attempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxConcurrentDue: 16,
};

export function createOrchestrator(options: OrchestratorOptions): Orchestrator {
  assertOwnerId(options.ownerId);
  const ownerId = options.ownerId;
  const clock: Clock = options.clock ?? realClock;
  const store = options.store ?? createMemoryStore({ now: () => clock.now() });
  const backend = createBackend(options);
  const logger = options.logger ?? defaultLogger;
  const resolveEndpoint = options.resolveEndpoint ?? defaultEndpointResolver;
  const nextId = options.ids ?? randomSessionId;
  const prefix = stampPrefix(ownerId);
  const reapIntervalMs = options.reapIntervalMs ?? DEFAULTS.reapIntervalMs;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULTS.pollIntervalMs;
  const graceMs = options.graceMs ?? DEFAULTS.graceMs;
  const maxConcurrentDue = Math.max(1, Math.floor(options.maxConcurrentDue ?? DEFAULTS.maxConcurrentDue));
  const retry = {
    attempts: options.terminateRetry?.attempts ?? DEFAULTS.attempts,
    baseDelayMs: options.terminateRetry?.baseDelayMs ?? DEFAULTS.baseDelayMs,
    maxDelayMs: options.terminateRetry?.maxDelayMs ?? DEFAULTS.maxDelayMs,
  };
  const defaults = validateSpawnLimits({
    idleTtlMs: options.idleTtlMs ?? DEFAULTS.idleTtlMs,
    maxRuntimeMs: options.maxRuntimeMs ?? DEFAULTS.maxRuntimeMs,
  });
  /** Identifies this instance in leases. */
  const instanceId = `${ownerId}/${randomSessionId()}`;

  const keepAlive = createKeepAlive();
  const api = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => publicMethod(keepAlive, fn);
  /** Aborted by close(): a waitReady sleeping between checks stops at once. */
  const closeController = new AbortController();
  const hub = new EventHub({
    onListenerError: (error) => logger.error?.('orchestrator: an event listener threw', { error: String(error) }),
    onOverflow: (dropped) =>
      logger.warn?.('orchestrator: an events() iterator is not read; its oldest events are dropped', {
        type: dropped.type,
      }),
  });
  const waiters = new EndWaiters();
  const secrets = new SessionSecrets();
  const inflight = new Set<Promise<unknown>>();
  /** Spawns under way: close() lets them finish so that close({ terminate }) sees their sessions. */
  const spawning = new Set<Promise<unknown>>();
  const limitDue = createLimiter(maxConcurrentDue);
  const scheduler = createScheduler(clock, (id) => track(limitDue(() => onDue(id))));
  const loops: { poll?: unknown; reap?: unknown } = {};
  let closed = false;

  /** Runs a background task; its failure is logged, never unhandled. */
  function track(task: Promise<unknown>): void {
    const guarded = task.catch((error) =>
      logger.error?.('orchestrator: background task failed', { error: String(error) }),
    );
    inflight.add(guarded);
    void guarded.finally(() => inflight.delete(guarded));
  }

  function schedule(session: Session): void {
    if (closed && session.state === 'active') return;
    if (session.state === 'active') scheduler.set(session.id, Math.min(session.idleDeadline, session.maxDeadline));
    else if (session.state === 'terminating') scheduler.set(session.id, session.nextAttemptAt ?? clock.now());
    else scheduler.delete(session.id);
  }

  const ctx: SessionContext = {
    ownerId,
    prefix,
    instanceId,
    store,
    backend,
    clock,
    scheduler,
    logger,
    waiters,
    secrets,
    emit: (event) => hub.emit(event),
    schedule,
  };
  const mutate = (id: string, change: Parameters<typeof mutateIn>[2]) => mutateIn(ctx, id, change);
  const ending = createEnding(ctx, retry);
  const reap = createReaper(ctx, { graceMs, reapIntervalMs, limit: createLimiter(maxConcurrentDue) });

  async function onDue(id: string): Promise<void> {
    const session = await store.get(id);
    if (session === undefined) {
      scheduler.delete(id);
      waiters.settle(id);
      secrets.release(id);
      return;
    }
    const now = clock.now();
    // The deadline is checked again inside the compare-and-set: a touch() that lands between this
    // read and the write (here or through another instance) wins, and the session lives on.
    let lost: Session | undefined;
    if (session.state === 'active' && now >= session.maxDeadline) {
      lost = declined(await ending.beginEnd(id, 'max_runtime', (s) => now >= s.maxDeadline));
    } else if (session.state === 'active' && now >= session.idleDeadline) {
      lost = declined(await ending.beginEnd(id, 'idle_timeout', (s) => now >= s.idleDeadline));
    } else if (session.state === 'terminating' && now >= (session.nextAttemptAt ?? now))
      await ending.attemptTerminate(id);
    else schedule(session);
    if (lost !== undefined) schedule(lost);
  }

  /** The record an expiry left alone (touched meanwhile), so that its new deadline is scheduled. */
  function declined(result: Mutation): Session | undefined {
    return result !== undefined && !result.changed ? result.session : undefined;
  }

  /** A loop on one timer that re-arms only after its run finished, so runs never overlap. */
  function every(key: 'poll' | 'reap', ms: number, run: () => Promise<unknown>): void {
    const arm = () => {
      if (closed) return;
      loops[key] = clock.setTimeout(() => {
        loops[key] = undefined;
        const task = run().catch((error) =>
          logger.warn?.(`orchestrator: ${key} failed; retrying next interval`, {
            kind: toAtlasError(error, 'atlas').kind,
          }),
        );
        track(task.finally(arm));
      }, ms);
    };
    arm();
  }

  function stopLoops(): void {
    for (const key of ['poll', 'reap'] as const) {
      if (loops[key] !== undefined) clock.clearTimeout(loops[key]);
      loops[key] = undefined;
    }
  }

  function adopt(): Promise<{ readonly adopted: number }> {
    const attempt = (async () => {
      const sessions = await listOurs(ctx);
      for (const session of sessions) schedule(session);
      return { adopted: sessions.filter((s) => s.state !== 'spawning').length };
    })();
    attempt.catch((error) => logger.error?.('orchestrator: could not load stored sessions', { error: String(error) }));
    return attempt;
  }
  let adoption = adopt();
  // The loops start whatever the store said: a store that failed at start must not leave stored
  // sessions unwatched (the poll schedules every stored session it finds unscheduled).
  every('poll', pollIntervalMs, () => pollUpstream(ctx, ending));
  every('reap', reapIntervalMs, () => reap(false));

  /** The adoption, tried again when the last attempt failed (a store that was briefly down). */
  async function adopted(): Promise<{ readonly adopted: number }> {
    const attempt = adoption;
    try {
      return await attempt;
    } catch {
      if (adoption === attempt) adoption = adopt();
      return adoption;
    }
  }

  async function open(): Promise<void> {
    if (closed) throw new AtlasError({ kind: 'conflict', message: `Orchestrator ${ownerId} is closed` });
    await adopted();
  }

  async function requireSession(id: string): Promise<Session> {
    const session = await store.get(id);
    if (!isOurs(ctx, session)) {
      throw new AtlasError({ kind: 'not_found', message: `No live session ${id}` });
    }
    return session;
  }

  function spawn(input: SpawnRequest): Promise<SpawnedSession> {
    const task = spawnSession(input);
    const settled = task.catch(() => undefined);
    spawning.add(settled);
    void settled.finally(() => spawning.delete(settled));
    return task;
  }

  async function spawnSession(input: SpawnRequest): Promise<SpawnedSession> {
    await open();
    const { userId, idleTtlMs, maxRuntimeMs, signal, ...request } = input;
    if ('name' in input) {
      throw new AtlasError({
        kind: 'validation',
        message: 'Invalid spawn request: name: the orchestrator names resources (atlas-<ownerId>-<sessionId>)',
        issues: [{ path: 'name', message: 'must not be set' }],
      });
    }
    const limits = validateSpawnLimits({
      idleTtlMs: idleTtlMs ?? defaults.idleTtlMs,
      maxRuntimeMs: maxRuntimeMs ?? defaults.maxRuntimeMs,
      userId,
    });
    const id = nextId();
    assertSessionId(id);
    const now = clock.now();
    const record: NewSession = {
      id,
      ownerId,
      name: stampName(ownerId, id),
      ...(userId === undefined ? {} : { userId }),
      provider: backend.providerId,
      state: 'spawning',
      createdAt: now,
      lastTouchedAt: now,
      idleTtlMs: limits.idleTtlMs,
      maxRuntimeMs: limits.maxRuntimeMs,
      idleDeadline: now + limits.idleTtlMs,
      maxDeadline: now + limits.maxRuntimeMs,
    };
    // The record goes first: whatever happens next, the stamp ties the resource to a known session.
    await store.create(record);
    secrets.hold(id, requestSecrets(request));
    let compute: Compute;
    try {
      compute = await backend.spawn(
        { auth: 'bearer', ...request, name: record.name },
        {
          idempotencyKey: id,
          ...(signal === undefined ? {} : { signal }),
        },
      );
    } catch (error) {
      // An ambiguous failure may still have created the machine: its stamp makes it the reaper's.
      await store.delete(id);
      secrets.release(id);
      throw toAtlasError(error, backend.providerId);
    }
    secrets.hold(id, [compute.auth?.token]);
    const result = await mutate(id, (s) =>
      s.state === 'spawning'
        ? {
            state: 'active',
            computeId: compute.id,
            status: compute.status,
            compute: toSessionCompute(compute),
            ...(compute.auth === undefined ? {} : { tokenHash: compute.auth.hash }),
          }
        : undefined,
    );
    if (result === undefined || !result.changed) {
      // The record was dropped while we waited (close, or a reaper that judged the spawn stale).
      await backend.terminate(compute.id).catch(() => undefined);
      secrets.release(id);
      throw new AtlasError({
        kind: 'conflict',
        provider: backend.providerId,
        message: `Session ${id} ended while it was spawning`,
      });
    }
    schedule(result.session);
    ctx.emit({ type: 'spawned', at: clock.now(), sessionId: id, session: result.session });
    return { session: result.session, compute, ...(compute.auth === undefined ? {} : { auth: compute.auth }) };
  }

  async function touch(id: string): Promise<Session> {
    await open();
    const now = clock.now();
    const result = await mutate(id, (s) =>
      s.state === 'active' ? { lastTouchedAt: now, idleDeadline: now + s.idleTtlMs } : undefined,
    );
    if (result === undefined) throw new AtlasError({ kind: 'not_found', message: `No live session ${id}` });
    if (!result.changed)
      throw new AtlasError({ kind: 'conflict', message: `Session ${id} is ${result.session.state}` });
    schedule(result.session);
    ctx.emit({ type: 'heartbeat', at: now, sessionId: id, idleDeadline: result.session.idleDeadline });
    return result.session;
  }

  async function release(id: string): Promise<void> {
    await open();
    const session = await requireSession(id);
    if (session.state === 'spawning') {
      throw new AtlasError({ kind: 'conflict', message: `Session ${id} is still spawning` });
    }
    const done = waiters.wait(id);
    endFor(id, 'released');
    await done;
  }

  /**
   * Ends a session for someone who waits (release, close). When ending throws (the store is down),
   * the waiters get the error instead of waiting for a settle that would never come.
   */
  function endFor(id: string, reason: 'released' | 'shutdown'): void {
    track(
      ending.beginEnd(id, reason).catch((error: unknown) => {
        waiters.settle(id, toAtlasError(error, 'atlas'));
        throw error;
      }),
    );
  }

  async function waitReady(id: string, waitOptions: WaitReadyOptions = {}): Promise<Session> {
    await open();
    const session = await requireSession(id);
    if (session.computeId === undefined) {
      throw new AtlasError({ kind: 'conflict', message: `Session ${id} is still spawning` });
    }
    const compute = await waitUntilReady(
      {
        backend,
        clock,
        resolveEndpoint,
        sessionId: id,
        computeId: session.computeId,
        lastStatus: session.status,
        stillTracked: async () => !closed && (await store.get(id))?.state === 'active',
        closed: closeController.signal,
      },
      waitOptions,
    );
    const result = await mutate(id, (s) =>
      s.state === 'active' ? { status: compute.status, compute: toSessionCompute(compute) } : undefined,
    );
    // Ended (released, expired) while the last check ran: never hand out a compute being terminated.
    if (result === undefined || !result.changed) {
      throw new AtlasError({
        kind: 'conflict',
        provider: backend.providerId,
        message: `Session ${id} ended before it was ready`,
      });
    }
    ctx.emit({ type: 'ready', at: clock.now(), sessionId: id, computeId: compute.id });
    return result.session;
  }

  /** Later calls share the first call's shutdown (a second close() must not stop the first's terminations). */
  let closing: Promise<void> | undefined;
  function close(closeOptions: { readonly terminate?: boolean } = {}): Promise<void> {
    closing ??= shutdown(closeOptions.terminate === true);
    return closing;
  }

  async function shutdown(terminate: boolean): Promise<void> {
    closed = true;
    closeController.abort();
    stopLoops();
    await adoption.catch(() => undefined);
    await Promise.allSettled([...spawning]);
    try {
      if (terminate) await terminateAll();
    } finally {
      scheduler.stop();
      await Promise.allSettled([...inflight]);
      const closedError = new AtlasError({
        kind: 'conflict',
        message: `Orchestrator ${ownerId} closed before the session ended`,
      });
      for (const id of waiters.ids()) waiters.settle(id, closedError);
      hub.close();
      secrets.releaseAll();
    }
  }

  async function terminateAll(): Promise<void> {
    const sessions = await listOurs(ctx);
    const ended = sessions
      .filter((s) => s.state !== 'spawning')
      .map((s) => {
        const done = waiters.wait(s.id);
        if (s.state === 'active') endFor(s.id, 'shutdown');
        else schedule(s);
        return done;
      });
    await Promise.allSettled(ended);
  }

  return {
    ownerId,
    ready: api(adopted),
    spawn: api(spawn),
    touch: api(touch),
    get: api(async (id: string) => {
      await open();
      const session = await store.get(id);
      return isOurs(ctx, session) ? session : undefined;
    }),
    list: api(async (filter: { readonly userId?: string } = {}) => {
      await open();
      const sessions = await listOurs(ctx);
      return filter.userId === undefined ? sessions : sessions.filter((s) => s.userId === filter.userId);
    }),
    release: api(release),
    waitReady: api(waitReady),
    reap: api(async (reapOptions: { readonly dryRun?: boolean } = {}) => {
      await open();
      return reap(reapOptions.dryRun === true);
    }),
    events: (filter = {}) => hub.stream(filter),
    on: ((type: OrchestratorEventType | '*', listener: (event: OrchestratorEvent) => void) =>
      hub.on(type, listener)) as Orchestrator['on'],
    stats: () => ({
      scheduled: scheduler.size,
      timers: scheduler.timers + (loops.poll === undefined ? 0 : 1) + (loops.reap === undefined ? 0 : 1),
    }),
    close: api(close),
  };
}

/**
 * Every public method rejects only with AtlasError, even when a custom store throws something else,
 * and keeps the process up while it is pending.
 */
function publicMethod<A extends unknown[], R>(
  keepAlive: ReturnType<typeof createKeepAlive>,
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return (...args) =>
    keepAlive(async () => {
      try {
        return await fn(...args);
      } catch (error) {
        throw toAtlasError(error, 'atlas');
      }
    });
}
