import { AtlasError, type Compute, isAtlasError, registerSecret } from '@atlas/core';
import { createBackend, toAtlasError } from './backend.js';
import { type Clock, realClock } from './clock.js';
import { EndWaiters } from './end-waiters.js';
import { EventHub, type OrchestratorEvent, type OrchestratorEventType, type EventOf } from './events.js';
import { createMemoryStore } from './memory-store.js';
import type { OrchestratorOptions, SpawnedSession, SpawnRequest } from './options.js';
import { assertOwnerId, assertSessionId, randomSessionId, stampName, stampPrefix } from './owner-stamp.js';
import { defaultEndpointResolver } from './probe.js';
import { planReap, type ReapCandidate } from './reap-plan.js';
import { createScheduler } from './scheduler.js';
import { type EndReason, type NewSession, type Session, type SessionChanges, toSessionCompute } from './session.js';
import { validateSpawnLimits } from './spawn-limits.js';
import { type WaitReadyOptions, waitUntilReady } from './wait-ready.js';

export interface ReapResult {
  readonly dryRun: boolean;
  /** Resources with this owner's stamp that no live session tracks. */
  readonly orphans: readonly ReapCandidate[];
  /** Orphans terminated by this run (empty in a dry run). */
  readonly terminated: readonly string[];
  readonly failed: readonly { readonly computeId: string; readonly error: AtlasError }[];
  /** False when another instance holds the reaper lease and this run did nothing. */
  readonly ran: boolean;
}

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
  /** Events as they happen, optionally for one session; ends on close() or when the signal aborts. */
  events(filter?: { readonly sessionId?: string; readonly signal?: AbortSignal }): AsyncIterableIterator<OrchestratorEvent>;
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
};
/** How long one instance may hold a terminate lease before another may take over. */
const TERMINATE_LEASE_MS = 120_000;
const CAS_TRIES = 8;

export function createOrchestrator(options: OrchestratorOptions): Orchestrator {
  assertOwnerId(options.ownerId);
  const ownerId = options.ownerId;
  const clock: Clock = options.clock ?? realClock;
  const store = options.store ?? createMemoryStore({ now: () => clock.now() });
  const backend = createBackend(options);
  const logger = options.logger ?? {};
  const resolveEndpoint = options.resolveEndpoint ?? defaultEndpointResolver;
  const nextId = options.ids ?? randomSessionId;
  const prefix = stampPrefix(ownerId);
  const reapIntervalMs = options.reapIntervalMs ?? DEFAULTS.reapIntervalMs;
  const pollIntervalMs = options.pollIntervalMs ?? DEFAULTS.pollIntervalMs;
  const graceMs = options.graceMs ?? DEFAULTS.graceMs;
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

  const hub = new EventHub((error) => logger.error?.('orchestrator: an event listener threw', { error: String(error) }));
  const waiters = new EndWaiters();
  const inflight = new Set<Promise<unknown>>();
  /** Spawns under way: close() lets them finish so that close({ terminate }) sees their sessions. */
  const spawning = new Set<Promise<unknown>>();
  const firstSeen = new Map<string, number>();
  const scheduler = createScheduler(clock, (id) => track(onDue(id)));
  const loops: { poll?: unknown; reap?: unknown } = {};
  let closed = false;

  const emit = (event: OrchestratorEvent) => hub.emit(event);

  /** Runs a background task; its failure is logged, never unhandled. */
  function track(task: Promise<unknown>): void {
    const guarded = task.catch((error) => logger.error?.('orchestrator: background task failed', { error: String(error) }));
    inflight.add(guarded);
    void guarded.finally(() => inflight.delete(guarded));
  }

  /** Compare-and-set with retries: `change` sees the current record and says what to write (or nothing). */
  async function mutate(
    id: string,
    change: (session: Session) => SessionChanges | undefined,
  ): Promise<{ session: Session; changed: boolean } | undefined> {
    for (let i = 0; i < CAS_TRIES; i++) {
      const current = await store.get(id);
      if (current === undefined || current.ownerId !== ownerId) return undefined;
      const changes = change(current);
      if (changes === undefined) return { session: current, changed: false };
      const next = await store.update(id, current.version, changes);
      if (next !== undefined) return { session: next, changed: true };
    }
    throw new AtlasError({ kind: 'conflict', message: `Session ${id} is being changed concurrently; try again` });
  }

  function schedule(session: Session): void {
    if (closed && session.state === 'active') return;
    if (session.state === 'active') scheduler.set(session.id, Math.min(session.idleDeadline, session.maxDeadline));
    else if (session.state === 'terminating') scheduler.set(session.id, session.nextAttemptAt ?? clock.now());
    else scheduler.delete(session.id);
  }

  async function onDue(id: string): Promise<void> {
    const session = await store.get(id);
    if (session === undefined) {
      scheduler.delete(id);
      waiters.settle(id);
      return;
    }
    const now = clock.now();
    if (session.state === 'active' && now >= session.maxDeadline) await beginEnd(id, 'max_runtime');
    else if (session.state === 'active' && now >= session.idleDeadline) await beginEnd(id, 'idle_timeout');
    else if (session.state === 'terminating' && now >= (session.nextAttemptAt ?? now)) await attemptTerminate(id);
    else schedule(session);
  }

  /** active -> terminating, exactly once across instances (compare-and-set), then the first attempt. */
  async function beginEnd(id: string, reason: EndReason): Promise<void> {
    const now = clock.now();
    const result = await mutate(id, (s) =>
      s.state === 'active' ? { state: 'terminating', endReason: reason, terminateAttempts: 0, nextAttemptAt: now } : undefined,
    );
    if (result === undefined || !result.changed) return;
    const { session } = result;
    if (reason === 'idle_timeout') emit({ type: 'idle_timeout', at: now, sessionId: id, idleDeadline: session.idleDeadline });
    if (reason === 'max_runtime') emit({ type: 'max_runtime', at: now, sessionId: id, maxDeadline: session.maxDeadline });
    emit({ type: 'terminating', at: now, sessionId: id, reason, ...computeIdOf(session) });
    await attemptTerminate(id);
  }

  async function attemptTerminate(id: string): Promise<void> {
    const lease = `terminate:${id}`;
    if (!(await store.acquireLease(lease, instanceId, TERMINATE_LEASE_MS))) {
      // Another instance is on it; look again later (its success deletes the record).
      scheduler.set(id, clock.now() + retry.baseDelayMs);
      return;
    }
    try {
      const session = await store.get(id);
      if (session === undefined || session.state !== 'terminating') return;
      const reason = session.endReason ?? 'released';
      try {
        if (session.computeId !== undefined) await backend.terminate(session.computeId);
      } catch (error) {
        const failure = toAtlasError(error, backend.providerId);
        if (failure.kind !== 'not_found') return await terminateFailed(session, failure);
      }
      await store.delete(id);
      scheduler.delete(id);
      emit({ type: 'terminated', at: clock.now(), sessionId: id, reason, ...computeIdOf(session) });
      waiters.settle(id);
    } finally {
      await store.releaseLease(lease, instanceId);
    }
  }

  async function terminateFailed(session: Session, error: AtlasError): Promise<void> {
    const attempt = (session.terminateAttempts ?? 0) + 1;
    const now = clock.now();
    const base = { type: 'terminate_failed' as const, at: now, sessionId: session.id, attempt, error, ...computeIdOf(session) };
    if (attempt >= retry.attempts) {
      // Loud: an event and an error log. The record goes; the compute keeps its stamp, so the
      // reaper keeps trying on every run until the provider lets it go.
      await store.delete(session.id);
      scheduler.delete(session.id);
      logger.error?.('orchestrator: gave up terminating a compute; the reaper will keep trying', {
        sessionId: session.id,
        computeId: session.computeId,
        attempts: attempt,
        kind: error.kind,
      });
      emit({ ...base, gaveUp: true });
      waiters.settle(session.id, error);
      return;
    }
    const retryAt = now + Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
    const updated = await mutate(session.id, (s) =>
      s.state === 'terminating' ? { terminateAttempts: attempt, nextAttemptAt: retryAt } : undefined,
    );
    if (updated?.changed) schedule(updated.session);
    emit({ ...base, retryAt, gaveUp: false });
  }

  /** The provider says the compute is gone or broken: end the session and say why. */
  async function vanished(session: Session, reason: 'failed' | 'terminated' | 'not_found', compute?: Compute): Promise<void> {
    const computeId = session.computeId!;
    const event = {
      type: 'vanished' as const,
      sessionId: session.id,
      computeId,
      reason,
      ...(compute === undefined ? {} : { status: compute.status }),
    };
    if (reason === 'failed') {
      // A failed machine may still hold (and bill for) resources: terminate it through the usual path.
      const now = clock.now();
      const result = await mutate(session.id, (s) =>
        s.state === 'active' ? { state: 'terminating', endReason: 'failed', terminateAttempts: 0, nextAttemptAt: now } : undefined,
      );
      if (!result?.changed) return;
      emit({ ...event, at: now });
      emit({ type: 'terminating', at: now, sessionId: session.id, computeId, reason: 'failed' });
      await attemptTerminate(session.id);
      return;
    }
    if (!(await store.delete(session.id))) return;
    scheduler.delete(session.id);
    emit({ ...event, at: clock.now() });
    waiters.settle(session.id);
  }

  /** One poll: adopt what other instances stored, then check tracked computes with one list call. */
  async function poll(): Promise<void> {
    const sessions = await store.list({ ownerId });
    const known = new Set<string>();
    for (const session of sessions) {
      known.add(session.id);
      if (!scheduler.has(session.id)) schedule(session);
    }
    for (const id of waiters.ids()) if (!known.has(id)) waiters.settle(id);
    const active = sessions.filter((s) => s.state === 'active' && s.computeId !== undefined);
    if (active.length === 0) return;
    const upstream = new Map((await backend.list({ namePrefix: prefix })).map((c) => [c.id, c]));
    for (const session of active) {
      let compute = upstream.get(session.computeId!);
      if (compute === undefined) {
        // Lists can lag behind creates: confirm with a get before declaring the compute gone.
        try {
          compute = await backend.get(session.computeId!);
        } catch (error) {
          if (isAtlasError(error) && error.kind === 'not_found') await vanished(session, 'not_found');
          continue;
        }
      }
      if (compute.status === 'terminated' || compute.status === 'failed') {
        await vanished(session, compute.status, compute);
      } else if (compute.status !== session.status || JSON.stringify(compute.ports) !== JSON.stringify(session.compute?.ports)) {
        const fresh = compute;
        await mutate(session.id, (s) => (s.state === 'active' ? { status: fresh.status, compute: toSessionCompute(fresh) } : undefined));
      }
    }
  }

  async function reap(dryRun: boolean): Promise<ReapResult> {
    const lease = `reap:${ownerId}`;
    if (!dryRun && !(await store.acquireLease(lease, instanceId, Math.max(reapIntervalMs, 1_000)))) {
      return { dryRun, orphans: [], terminated: [], failed: [], ran: false };
    }
    const computes = await backend.list({ namePrefix: prefix });
    const sessions = new Map((await store.list({ ownerId })).map((s) => [s.id, s]));
    const now = clock.now();
    const seen = new Set(computes.map((c) => c.id));
    for (const id of firstSeen.keys()) if (!seen.has(id)) firstSeen.delete(id);
    for (const id of seen) if (!firstSeen.has(id)) firstSeen.set(id, now);
    const plan = planReap({ ownerId, computes, sessions, now, graceMs, firstSeen });
    if (dryRun) return { dryRun, orphans: plan.orphans, terminated: [], failed: [], ran: true };
    for (const stale of plan.staleSpawns) {
      logger.warn?.('orchestrator: dropping a session stuck in spawning', { sessionId: stale.id });
      await store.delete(stale.id, stale.version);
    }
    const terminated: string[] = [];
    const failed: { computeId: string; error: AtlasError }[] = [];
    for (const orphan of plan.orphans) {
      try {
        await backend.terminate(orphan.computeId);
        terminated.push(orphan.computeId);
        emit({ type: 'reaped', at: clock.now(), computeId: orphan.computeId, name: orphan.name, sessionId: orphan.sessionId });
      } catch (error) {
        const failure = toAtlasError(error, backend.providerId);
        if (failure.kind === 'not_found') continue;
        logger.warn?.('orchestrator: the reaper could not terminate an orphan', { computeId: orphan.computeId, kind: failure.kind });
        failed.push({ computeId: orphan.computeId, error: failure });
      }
    }
    return { dryRun, orphans: plan.orphans, terminated, failed, ran: true };
  }

  /** A loop on one timer that re-arms only after its run finished, so runs never overlap. */
  function every(key: 'poll' | 'reap', ms: number, run: () => Promise<unknown>): void {
    const arm = () => {
      if (closed) return;
      loops[key] = clock.setTimeout(() => {
        loops[key] = undefined;
        const task = run().catch((error) =>
          logger.warn?.(`orchestrator: ${key} failed; retrying next interval`, { kind: toAtlasError(error).kind }),
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

  const started = (async () => {
    const sessions = await store.list({ ownerId });
    for (const session of sessions) schedule(session);
    every('poll', pollIntervalMs, poll);
    every('reap', reapIntervalMs, () => reap(false));
    return { adopted: sessions.filter((s) => s.state !== 'spawning').length };
  })();
  started.catch((error) => logger.error?.('orchestrator: could not load stored sessions', { error: String(error) }));

  async function open(): Promise<void> {
    if (closed) throw new AtlasError({ kind: 'conflict', message: `Orchestrator ${ownerId} is closed` });
    await started;
  }

  async function requireSession(id: string): Promise<Session> {
    const session = await store.get(id);
    if (session === undefined || session.ownerId !== ownerId) {
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
    let compute: Compute;
    try {
      compute = await backend.spawn({ auth: 'bearer', ...request, name: record.name }, {
        idempotencyKey: id,
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      // An ambiguous failure may still have created the machine: its stamp makes it the reaper's.
      await store.delete(id);
      throw toAtlasError(error, backend.providerId);
    }
    registerSecret(compute.auth?.token);
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
      throw new AtlasError({ kind: 'conflict', provider: backend.providerId, message: `Session ${id} ended while it was spawning` });
    }
    schedule(result.session);
    emit({ type: 'spawned', at: clock.now(), sessionId: id, session: result.session });
    return { session: result.session, compute, ...(compute.auth === undefined ? {} : { auth: compute.auth }) };
  }

  async function touch(id: string): Promise<Session> {
    await open();
    const now = clock.now();
    const result = await mutate(id, (s) =>
      s.state === 'active' ? { lastTouchedAt: now, idleDeadline: now + s.idleTtlMs } : undefined,
    );
    if (result === undefined) throw new AtlasError({ kind: 'not_found', message: `No live session ${id}` });
    if (!result.changed) throw new AtlasError({ kind: 'conflict', message: `Session ${id} is ${result.session.state}` });
    schedule(result.session);
    emit({ type: 'heartbeat', at: now, sessionId: id, idleDeadline: result.session.idleDeadline });
    return result.session;
  }

  async function release(id: string): Promise<void> {
    await open();
    const session = await requireSession(id);
    if (session.state === 'spawning') {
      throw new AtlasError({ kind: 'conflict', message: `Session ${id} is still spawning` });
    }
    const done = waiters.wait(id);
    track(beginEnd(id, 'released'));
    await done;
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
        stillTracked: async () => (await store.get(id))?.state === 'active',
      },
      waitOptions,
    );
    const result = await mutate(id, (s) =>
      s.state === 'active' ? { status: compute.status, compute: toSessionCompute(compute) } : undefined,
    );
    emit({ type: 'ready', at: clock.now(), sessionId: id, computeId: compute.id });
    return result?.session ?? session;
  }

  async function close(closeOptions: { readonly terminate?: boolean } = {}): Promise<void> {
    if (closed) return;
    await started.catch(() => undefined);
    closed = true;
    stopLoops();
    await Promise.allSettled([...spawning]);
    if (closeOptions.terminate === true) {
      const sessions = await store.list({ ownerId });
      const ending = sessions
        .filter((s) => s.state !== 'spawning')
        .map((s) => {
          const done = waiters.wait(s.id);
          if (s.state === 'active') track(beginEnd(s.id, 'shutdown'));
          else schedule(s);
          return done;
        });
      await Promise.allSettled(ending);
    }
    scheduler.stop();
    await Promise.allSettled([...inflight]);
    const closedError = new AtlasError({ kind: 'conflict', message: `Orchestrator ${ownerId} closed before the session ended` });
    for (const id of waiters.ids()) waiters.settle(id, closedError);
    hub.close();
  }

  return {
    ownerId,
    ready: atlasErrors(async () => started),
    spawn: atlasErrors(spawn),
    touch: atlasErrors(touch),
    get: atlasErrors(async (id: string) => {
      await open();
      const session = await store.get(id);
      return session?.ownerId === ownerId ? session : undefined;
    }),
    list: atlasErrors(async (filter: { readonly userId?: string } = {}) => {
      await open();
      const sessions = await store.list({ ownerId });
      return filter.userId === undefined ? sessions : sessions.filter((s) => s.userId === filter.userId);
    }),
    release: atlasErrors(release),
    waitReady: atlasErrors(waitReady),
    reap: atlasErrors(async (reapOptions: { readonly dryRun?: boolean } = {}) => {
      await open();
      return reap(reapOptions.dryRun === true);
    }),
    events: (filter = {}) => hub.stream(filter),
    on: ((type: OrchestratorEventType | '*', listener: (event: OrchestratorEvent) => void) => hub.on(type, listener)) as Orchestrator['on'],
    stats: () => ({
      scheduled: scheduler.size,
      timers: scheduler.timers + (loops.poll === undefined ? 0 : 1) + (loops.reap === undefined ? 0 : 1),
    }),
    close: atlasErrors(close),
  };
}

function computeIdOf(session: Session): { computeId?: string } {
  return session.computeId === undefined ? {} : { computeId: session.computeId };
}

/** Every public method rejects only with AtlasError, even when a custom store throws something else. */
function atlasErrors<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toAtlasError(error);
    }
  };
}
