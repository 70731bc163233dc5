import { AtlasError, type CallContext, type Compute } from '@atlas/core';
import { toAtlasError } from '@atlas/core/provider';
import { sealFor } from './adopted-secrets.js';
import type { SpawnedSession, SpawnRequest } from './options.js';
import { assertSessionId, stampName } from './owner-stamp.js';
import { type NewSession, type SessionPlacement, toSessionCompute } from './session.js';
import { mutate, type SessionContext } from './session-context.js';
import { requestSecrets } from './session-secrets.js';
import { type SpawnLimits, validateSpawnLimits } from './spawn-limits.js';
import { destinationOf, placeCompute } from './spawn-placement.js';
import { billingStart } from './spend.js';

export interface Spawner {
  spawn(request: SpawnRequest): Promise<SpawnedSession>;
  /** Resolves once every spawn under way has settled (close() waits, so that terminate sees them). */
  settled(): Promise<void>;
}

/**
 * Spawning a session: the record first (so the owner stamp always ties the resource to a known
 * session), then the provider call, then spawning -> active.
 */
export function createSpawner(
  ctx: SessionContext,
  options: {
    readonly nextId: () => string;
    readonly limits: SpawnLimits;
    readonly open: () => Promise<void>;
    /** Rejects when a budget refuses the session; runs before anything is stored or rented. */
    readonly admit: (userId: string | undefined) => Promise<void>;
    /** The orchestrator's call context, for placement (which calls the providers through core). */
    readonly context: CallContext;
  },
): Spawner {
  const spawning = new Set<Promise<unknown>>();

  async function spawnSession(input: SpawnRequest): Promise<SpawnedSession> {
    await options.open();
    const { userId, idleTtlMs, maxRuntimeMs, maxCostUsd, signal, provider, placement, ...request } = input;
    if ('name' in input) {
      throw new AtlasError({
        kind: 'validation',
        message: 'Invalid spawn request: name: the orchestrator names resources (atlas-<ownerId>-<sessionId>)',
        issues: [{ path: 'name', message: 'must not be set' }],
      });
    }
    const limits = validateSpawnLimits({
      idleTtlMs: idleTtlMs ?? options.limits.idleTtlMs,
      maxRuntimeMs: maxRuntimeMs ?? options.limits.maxRuntimeMs,
      userId,
      maxCostUsd,
    });
    const destination = destinationOf(ctx.backends, provider, placement);
    await options.admit(userId);
    const id = options.nextId();
    assertSessionId(id);
    const { clock, store } = ctx;
    // A placed session's record names the first provider placement may try until it lands: the
    // provider is only known when a create returns, and the record must exist before the first
    // create. It is written with the spawning -> active change (the one write of `provider`); the
    // reaper treats a spawning session's compute as possibly on any provider meanwhile. (Calling
    // place() once per offer to write each provider first would lose what place() does across
    // offers: skipping a rate-limited provider, re-quoting, the attempt budget.)
    const backend = destination.kind === 'pinned' ? destination.backend : destination.backends[0]!;
    const now = clock.now();
    const record: NewSession = {
      id,
      ownerId: ctx.ownerId,
      name: stampName(ctx.ownerId, id),
      ...(userId === undefined ? {} : { userId }),
      provider: backend.providerId,
      state: 'spawning',
      holder: ctx.instanceId,
      createdAt: now,
      lastTouchedAt: now,
      idleTtlMs: limits.idleTtlMs,
      maxRuntimeMs: limits.maxRuntimeMs,
      idleDeadline: now + limits.idleTtlMs,
      maxDeadline: now + limits.maxRuntimeMs,
      ...(maxCostUsd === undefined ? {} : { maxCostUsd }),
    };
    // The record goes first: whatever happens next, the stamp ties the resource to a known session.
    await store.create(record);
    ctx.secrets.hold(id, requestSecrets(request));
    let compute: Compute;
    let placed: SessionPlacement | undefined;
    try {
      const stamped = { auth: 'bearer' as const, ...request, name: record.name };
      if (destination.kind === 'pinned') {
        compute = await backend.spawn(stamped, { idempotencyKey: id, ...(signal === undefined ? {} : { signal }) });
      } else {
        let progress: Promise<unknown> = Promise.resolve();
        ({ compute, placement: placed } = await placeCompute({
          destination,
          request: stamped,
          context: options.context,
          ...(signal === undefined ? {} : { signal }),
          onAttempt: (attempt) => {
            ctx.emit({ type: 'placement_attempt', at: clock.now(), sessionId: id, attempt });
            progress = progress.then(() => markProgress(id));
          },
        }));
        await progress;
      }
    } catch (error) {
      // An ambiguous failure may still have created the machine: its stamp makes it the reaper's
      // (on whichever provider). Placement never tries another offer after one.
      await store.delete(id);
      ctx.secrets.release(id);
      throw toAtlasError(error, destination.kind === 'pinned' ? backend.providerId : 'placement');
    }
    const landed = placed === undefined ? backend : ctx.backends.get(placed.offer.provider)!;
    ctx.secrets.hold(id, [compute.auth?.token]);
    const billing = billingStart(compute, clock.now(), placed?.offer.pricePerHour);
    if (maxCostUsd !== undefined && billing.pricePerHour === undefined) {
      ctx.logger.warn?.('orchestrator: the provider reports no price for this machine; maxCostUsd cannot apply', {
        sessionId: id,
        provider: landed.providerId,
      });
    }
    const sealedSecrets = await sealFor(ctx, id, [...requestSecrets(request), compute.auth?.token]);
    const result = await mutate(ctx, id, (s) =>
      s.state === 'spawning'
        ? {
            state: 'active',
            ...(placed === undefined ? {} : { provider: landed.providerId, placement: placed }),
            computeId: compute.id,
            status: compute.status,
            compute: toSessionCompute(compute),
            ...billing,
            ...(compute.auth === undefined ? {} : { tokenHash: compute.auth.hash }),
            ...(sealedSecrets === undefined ? {} : { sealedSecrets }),
          }
        : undefined,
    );
    if (result === undefined || !result.changed) {
      // The record was dropped while we waited (close, or a reaper that judged the spawn stale).
      await landed.terminate(compute.id).catch(() => undefined);
      ctx.secrets.release(id);
      throw new AtlasError({
        kind: 'conflict',
        provider: landed.providerId,
        message: `Session ${id} ended while it was spawning`,
      });
    }
    ctx.schedule(result.session);
    ctx.emit({ type: 'spawned', at: clock.now(), sessionId: id, session: result.session });
    return { session: result.session, compute, ...(compute.auth === undefined ? {} : { auth: compute.auth }) };
  }

  /**
   * A placement may try offers (and re-quote) for longer than the reaper's grace period: each try
   * that ends is a sign of life, so the reaper does not judge the spawn stale, and the idle clock
   * does not run out before the session is even active. Best effort: a failed write only leaves
   * the record as it was.
   */
  async function markProgress(id: string): Promise<void> {
    const now = ctx.clock.now();
    await mutate(ctx, id, (s) =>
      s.state === 'spawning'
        ? { lastTouchedAt: now, idleDeadline: Math.max(s.idleDeadline, now + s.idleTtlMs) }
        : undefined,
    ).catch((error: unknown) =>
      ctx.logger.warn?.('orchestrator: could not record a placement attempt', { sessionId: id, error: String(error) }),
    );
  }

  return {
    spawn(input) {
      const task = spawnSession(input);
      const settled = task.catch(() => undefined);
      spawning.add(settled);
      void settled.finally(() => spawning.delete(settled));
      return task;
    },
    async settled() {
      await Promise.allSettled([...spawning]);
    },
  };
}
