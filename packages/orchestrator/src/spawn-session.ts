import { AtlasError, type Compute } from '@atlas/core';
import { toAtlasError } from '@atlas/core/provider';
import type { SpawnedSession, SpawnRequest } from './options.js';
import { assertSessionId, stampName } from './owner-stamp.js';
import { type NewSession, toSessionCompute } from './session.js';
import { mutate, type SessionContext } from './session-context.js';
import { requestSecrets } from './session-secrets.js';
import { type SpawnLimits, validateSpawnLimits } from './spawn-limits.js';
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
  },
): Spawner {
  const spawning = new Set<Promise<unknown>>();

  async function spawnSession(input: SpawnRequest): Promise<SpawnedSession> {
    await options.open();
    const { userId, idleTtlMs, maxRuntimeMs, maxCostUsd, signal, ...request } = input;
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
    await options.admit(userId);
    const id = options.nextId();
    assertSessionId(id);
    const { backend, clock, store } = ctx;
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
      ctx.secrets.release(id);
      throw toAtlasError(error, backend.providerId);
    }
    ctx.secrets.hold(id, [compute.auth?.token]);
    const billing = billingStart(compute, clock.now());
    if (maxCostUsd !== undefined && billing.pricePerHour === undefined) {
      ctx.logger.warn?.('orchestrator: the provider reports no price for this machine; maxCostUsd cannot apply', {
        sessionId: id,
        provider: backend.providerId,
      });
    }
    const result = await mutate(ctx, id, (s) =>
      s.state === 'spawning'
        ? {
            state: 'active',
            computeId: compute.id,
            status: compute.status,
            compute: toSessionCompute(compute),
            ...billing,
            ...(compute.auth === undefined ? {} : { tokenHash: compute.auth.hash }),
          }
        : undefined,
    );
    if (result === undefined || !result.changed) {
      // The record was dropped while we waited (close, or a reaper that judged the spawn stale).
      await backend.terminate(compute.id).catch(() => undefined);
      ctx.secrets.release(id);
      throw new AtlasError({
        kind: 'conflict',
        provider: backend.providerId,
        message: `Session ${id} ended while it was spawning`,
      });
    }
    ctx.schedule(result.session);
    ctx.emit({ type: 'spawned', at: clock.now(), sessionId: id, session: result.session });
    return { session: result.session, compute, ...(compute.auth === undefined ? {} : { auth: compute.auth }) };
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
