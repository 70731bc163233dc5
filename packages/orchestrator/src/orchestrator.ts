import { AtlasError } from '@atlas/core';
import { toAtlasError } from '@atlas/core/provider';
import { createAdoption } from './adoption.js';
import { createBackground } from './background.js';
import { createBudgets, type SpendSummary, validateBudget } from './budget.js';
import { resolveOptions } from './defaults.js';
import { EndWaiters } from './end-waiters.js';
import { createEnding } from './ending.js';
import { EventHub, type EventOf, type OrchestratorEvent, type OrchestratorEventType } from './events.js';
import { createExpiry } from './expiry.js';
import { instanceLeaseName, watchedHere } from './instance-lease.js';
import { createKeepAlive } from './keep-alive.js';
import { createLimiter } from './limiter.js';
import type { OrchestratorOptions, SpawnedSession, SpawnRequest } from './options.js';
import { stampPrefix } from './owner-stamp.js';
import { createReaper, type ReapResult } from './reaper.js';
import { createReconciler, validateReconcile } from './reconcile.js';
import { createScheduler } from './scheduler.js';
import { createSealer } from './sealed-secrets.js';
import { readyChanges, type Session, toSessionCompute } from './session.js';
import { backendOf, isOurs, listOurs, mutate, type SessionContext } from './session-context.js';
import { SessionSecrets } from './session-secrets.js';
import { createShutdown } from './shutdown.js';
import { createSpawner } from './spawn-session.js';
import { budgetDeadline } from './spend.js';
import { createStopStart } from './stop-start.js';
import { pollUpstream } from './upstream-watch.js';
import { type WaitReadyOptions, waitUntilReady } from './wait-ready.js';

export interface Orchestrator {
  readonly ownerId: string;
  /** The ids of the providers this orchestrator works with, in the order given. */
  providers(): readonly string[];
  /** Resolves once stored sessions are re-adopted (every method waits for it too). */
  ready(): Promise<{ readonly adopted: number }>;
  spawn(request: SpawnRequest): Promise<SpawnedSession>;
  /** Heartbeat: pushes the idle deadline to now + idleTtlMs. Rejects `not_found`, or `conflict` once ending. */
  touch(id: string): Promise<Session>;
  get(id: string): Promise<Session | undefined>;
  list(filter?: { readonly userId?: string }): Promise<Session[]>;
  /** Terminates upstream (retrying with backoff), then forgets. Resolves when the compute is gone. */
  release(id: string): Promise<void>;
  /**
   * Stops the compute upstream (its disk stays); the session stays, `status: 'stopped'`, and its
   * idle and max-runtime deadlines still apply. Emits `stopped` (`by: 'orchestrator'`). Rejects
   * `unsupported` when the provider cannot stop machines, `conflict` unless the session is active.
   */
  stop(id: string): Promise<Session>;
  /** Starts a stopped compute again (the reverse of stop()); resolves with the session as updated. */
  start(id: string): Promise<Session>;
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
  /**
   * What the owner (or one user) has spent: ended sessions' spend records plus live sessions'
   * accrual, across every provider of the owner in the store, and the budget that applies.
   */
  spend(filter?: { readonly userId?: string }): Promise<SpendSummary>;
  /** Timers and structures, for metrics and tests: one scheduler timer serves every session. */
  stats(): { readonly scheduled: number; readonly timers: number };
  /**
   * Stops the timers. With `terminate: true` every live session is terminated first (and awaited);
   * otherwise sessions stay in the store for the next orchestrator to re-adopt.
   */
  close(options?: { readonly terminate?: boolean }): Promise<void>;
}

/**
 * Wires the parts (each in its own file): option defaults (defaults.ts), spawning (spawn-session.ts),
 * expiry (expiry.ts), ending (ending.ts), the poll and reap loops (background.ts, upstream-watch.ts,
 * reaper.ts), adoption at start and instance leases (adoption.ts, instance-lease.ts) and shutdown
 * (shutdown.ts). What is left here: the wiring and the small public methods.
 */
export function createOrchestrator(options: OrchestratorOptions): Orchestrator {
  const resolved = resolveOptions(options);
  const { ownerId, instanceId, clock, store, backends, logger } = resolved;
  const budgets = createBudgets(store, ownerId, validateBudget(options.budget));
  const reconcileOptions = validateReconcile(options.reconcile);
  const sealer = createSealer(options.secretsKey);

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
  const background = createBackground(clock, logger);
  const limitDue = createLimiter(resolved.maxConcurrentDue);
  const scheduler = createScheduler(clock, (id) => background.track(limitDue(() => onDue(id))));
  let closed = false;

  function schedule(session: Session): void {
    if (closed && session.state === 'active') return;
    // An active session held by another instance is that one's to watch (this one may still write it).
    if (session.state === 'active' && watchedHere(ctx, session))
      scheduler.set(session.id, Math.min(session.idleDeadline, session.maxDeadline, budgetDeadline(session)));
    else if (session.state === 'terminating') scheduler.set(session.id, session.nextAttemptAt ?? clock.now());
    else scheduler.delete(session.id);
  }

  const ctx: SessionContext = {
    ownerId,
    prefix: stampPrefix(ownerId),
    instanceId,
    store,
    backends,
    clock,
    scheduler,
    logger,
    waiters: new EndWaiters(),
    secrets: new SessionSecrets(),
    sealer,
    emit: (event) => hub.emit(event),
    schedule,
  };
  const ending = createEnding(ctx, resolved.retry);
  const onDue = createExpiry(ctx, ending);
  const reap = createReaper(ctx, {
    graceMs: resolved.graceMs,
    reapIntervalMs: resolved.reapIntervalMs,
    limit: createLimiter(resolved.maxConcurrentDue),
  });

  const instanceLease = instanceLeaseName(instanceId);
  const renewLease = () => store.acquireLease(instanceLease, instanceId, resolved.instanceLeaseMs);

  const adoption = createAdoption(ctx, renewLease);
  // The loops start whatever the store said: a store that failed at start must not leave stored
  // sessions unwatched (the poll schedules every stored session it finds unscheduled).
  background.every('poll', resolved.pollIntervalMs, () => pollUpstream(ctx, ending, resolved.onStopped));
  background.every('reap', resolved.reapIntervalMs, () => reap(false));
  background.every('lease', Math.floor(resolved.instanceLeaseMs / 3), renewLease);
  if (reconcileOptions !== undefined) {
    const reconcile = createReconciler(ctx, reconcileOptions, closeController.signal);
    background.every('reconcile', reconcileOptions.intervalMs, reconcile);
  }

  async function open(): Promise<void> {
    if (closed) throw new AtlasError({ kind: 'conflict', message: `Orchestrator ${ownerId} is closed` });
    await adoption.adopted();
  }

  const spawner = createSpawner(ctx, {
    nextId: resolved.nextId,
    limits: resolved.limits,
    open,
    admit: (userId) => budgets.check(userId, clock.now()),
    context: options.context ?? {},
  });

  async function requireSession(id: string): Promise<Session> {
    const session = await store.get(id);
    if (!isOurs(ctx, session)) {
      throw new AtlasError({ kind: 'not_found', message: `No live session ${id}` });
    }
    return session;
  }

  async function touch(id: string): Promise<Session> {
    await open();
    const now = clock.now();
    const result = await mutate(ctx, id, (s) =>
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
    const done = ctx.waiters.wait(id);
    endFor(id, 'released');
    await done;
  }

  /**
   * Ends a session for someone who waits (release, close). When ending throws (the store is down),
   * the waiters get the error instead of waiting for a settle that would never come.
   */
  function endFor(id: string, reason: 'released' | 'shutdown'): void {
    background.track(
      ending.beginEnd(id, reason).then(
        (result) => {
          // Gone already, or being ended by another instance since it was read: the waiter must not
          // depend on a poll (close() has stopped them). Watch the record here until it goes.
          if (result === undefined) ctx.waiters.settle(id);
          else if (!result.changed) schedule(result.session);
        },
        (error: unknown) => {
          ctx.waiters.settle(id, toAtlasError(error, 'atlas'));
          throw error;
        },
      ),
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
        backend: backendOf(ctx, session),
        clock,
        resolveEndpoint: resolved.resolveEndpoint,
        sessionId: id,
        computeId: session.computeId,
        lastStatus: session.status,
        stillTracked: () => holdIdleWhileWaiting(id),
        closed: closeController.signal,
      },
      waitOptions,
    );
    const now = clock.now();
    const result = await mutate(ctx, id, (s) =>
      s.state === 'active'
        ? { status: compute.status, compute: toSessionCompute(compute), ...readyChanges(s, now) }
        : undefined,
    );
    // Ended (released, expired) while the last check ran: never hand out a compute being terminated.
    if (result === undefined || !result.changed) {
      throw new AtlasError({
        kind: 'conflict',
        provider: session.provider,
        message: `Session ${id} ended before it was ready`,
      });
    }
    schedule(result.session);
    ctx.emit({ type: 'ready', at: now, sessionId: id, computeId: compute.id });
    return result.session;
  }

  /**
   * A session somebody waits on is not idle: until it is first ready, each waitReady round keeps its
   * idle deadline at least idleTtlMs away (waitReady's timeoutMs and maxRuntimeMs still bound it).
   * False once the session has ended.
   */
  async function holdIdleWhileWaiting(id: string): Promise<boolean> {
    if (closed) return false;
    const now = clock.now();
    const result = await mutate(ctx, id, (s) =>
      s.state === 'active' && s.readyAt === undefined && s.idleDeadline < now + s.idleTtlMs
        ? { idleDeadline: now + s.idleTtlMs }
        : undefined,
    );
    if (result?.changed) schedule(result.session);
    return result?.session.state === 'active';
  }

  const close = createShutdown({
    ctx,
    background,
    spawner,
    hub,
    adoption: adoption.current,
    markClosed: () => {
      closed = true;
      closeController.abort();
    },
    // Let go of the instance lease: another instance takes the sessions over at its next poll.
    releaseLease: () => store.releaseLease(instanceLease, instanceId),
    endFor,
  });

  const stopStart = createStopStart(ctx);

  return {
    ownerId,
    providers: () => backends.ids,
    ready: api(adoption.adopted),
    spawn: api(spawner.spawn),
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
    stop: api(async (id: string) => {
      await open();
      return stopStart.stop(id);
    }),
    start: api(async (id: string) => {
      await open();
      return stopStart.start(id);
    }),
    waitReady: api(waitReady),
    reap: api(async (reapOptions: { readonly dryRun?: boolean } = {}) => {
      await open();
      return reap(reapOptions.dryRun === true);
    }),
    events: (filter = {}) => hub.stream(filter),
    on: ((type: OrchestratorEventType | '*', listener: (event: OrchestratorEvent) => void) =>
      hub.on(type, listener)) as Orchestrator['on'],
    spend: api(async (filter: { readonly userId?: string } = {}) => {
      await open();
      return budgets.summary(filter.userId, clock.now());
    }),
    stats: () => ({ scheduled: scheduler.size, timers: scheduler.timers + background.timers }),
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
