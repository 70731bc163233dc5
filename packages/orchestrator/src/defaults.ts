import { type Backends, createBackends } from './backend.js';
import { type Clock, realClock } from './clock.js';
import type { RetryPolicy } from './ending.js';
import { createMemoryStore } from './memory-store.js';
import { defaultLogger, type Logger, type OrchestratorOptions } from './options.js';
import { assertOwnerId, randomSessionId } from './owner-stamp.js';
import { defaultEndpointResolver, type EndpointResolver } from './probe.js';
import { type SpawnLimits, validateSpawnLimits } from './spawn-limits.js';
import type { SessionStore } from './store.js';

/** Every default of OrchestratorOptions, in one place (docs/orchestrator.md lists them too). */
export const DEFAULTS = {
  reapIntervalMs: 60_000,
  pollIntervalMs: 15_000,
  graceMs: 120_000,
  idleTtlMs: 600_000,
  maxRuntimeMs: 8 * 3_600_000,
  attempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 60_000,
  maxConcurrentDue: 16,
  onStopped: 'end',
  instanceLeaseMs: 30_000,
} as const;

/** OrchestratorOptions with every default filled in and every value checked. */
export interface ResolvedOptions {
  readonly ownerId: string;
  readonly instanceId: string;
  readonly instanceLeaseMs: number;
  readonly clock: Clock;
  readonly store: SessionStore;
  readonly backends: Backends;
  readonly logger: Logger;
  readonly resolveEndpoint: EndpointResolver;
  readonly nextId: () => string;
  readonly reapIntervalMs: number;
  readonly pollIntervalMs: number;
  readonly graceMs: number;
  readonly maxConcurrentDue: number;
  readonly retry: RetryPolicy;
  readonly limits: SpawnLimits;
  readonly onStopped: 'end' | 'keep';
}

export function resolveOptions(options: OrchestratorOptions): ResolvedOptions {
  assertOwnerId(options.ownerId);
  const clock = options.clock ?? realClock;
  const logger = options.logger ?? defaultLogger;
  return {
    ownerId: options.ownerId,
    instanceId: options.instanceId ?? `${options.ownerId}/${randomSessionId()}`,
    instanceLeaseMs: Math.max(1_000, options.instanceLeaseMs ?? DEFAULTS.instanceLeaseMs),
    clock,
    store: options.store ?? createMemoryStore({ now: () => clock.now() }),
    backends: createBackends(options, logger),
    logger,
    resolveEndpoint: options.resolveEndpoint ?? defaultEndpointResolver,
    nextId: options.ids ?? randomSessionId,
    reapIntervalMs: options.reapIntervalMs ?? DEFAULTS.reapIntervalMs,
    pollIntervalMs: options.pollIntervalMs ?? DEFAULTS.pollIntervalMs,
    graceMs: options.graceMs ?? DEFAULTS.graceMs,
    maxConcurrentDue: Math.max(1, Math.floor(options.maxConcurrentDue ?? DEFAULTS.maxConcurrentDue)),
    retry: {
      attempts: options.terminateRetry?.attempts ?? DEFAULTS.attempts,
      baseDelayMs: options.terminateRetry?.baseDelayMs ?? DEFAULTS.baseDelayMs,
      maxDelayMs: options.terminateRetry?.maxDelayMs ?? DEFAULTS.maxDelayMs,
    },
    limits: validateSpawnLimits({
      idleTtlMs: options.idleTtlMs ?? DEFAULTS.idleTtlMs,
      maxRuntimeMs: options.maxRuntimeMs ?? DEFAULTS.maxRuntimeMs,
    }),
    onStopped: options.onStopped ?? DEFAULTS.onStopped,
  };
}
