import process from 'node:process';
import type { AuthHandle, CallContext, Compute, ComputeRequestInput, Provider } from '@atlas/core';
import type { AtlasLike } from './backend.js';
import type { BudgetOptions } from './budget.js';
import type { Clock } from './clock.js';
import type { EndpointResolver } from './probe.js';
import type { ReconcileOptions } from './reconcile.js';
import type { Session } from './session.js';
import type { PlacementRequest } from './spawn-placement.js';
import type { SessionStore } from './store.js';

/** Where the orchestrator reports what events cannot (a listener that threw, a poll that failed). */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

export interface TerminateRetryOptions {
  /** Attempts before giving up (the reaper keeps trying after that); default 8. */
  readonly attempts?: number;
  /** First backoff delay, doubled per attempt; default 1,000. */
  readonly baseDelayMs?: number;
  /** Cap on one backoff delay; default 60,000. */
  readonly maxDelayMs?: number;
}

export interface OrchestratorOptions {
  /** An Atlas from createAtlas; `provider` (or `providers`) then names which of its providers to use. */
  readonly atlas?: AtlasLike;
  /** A provider instance, or (with `atlas`) a registered provider name. */
  readonly provider?: Provider | string;
  /**
   * Several providers (instances, or names registered in `atlas`) instead of one: a session lives on
   * one of them (its `provider`), and the poll, the reaper, adoption and every deadline work across
   * all of them. Spawns go to the first unless pinned (`provider`) or placed (`placement`).
   */
  readonly providers?: readonly (Provider | string)[];
  /** Whose resources these are: 1-32 characters of [a-z0-9-]. Resources are named `atlas-<ownerId>-<sessionId>`. */
  readonly ownerId: string;
  /** Default: createMemoryStore(). Instances that share an ownerId must share a store. */
  readonly store?: SessionStore;
  /**
   * This instance's name in leases and in each session's `holder`; default `<ownerId>/<random>`.
   * Give a stable one (the host or pod name) when a restarted process should re-adopt its sessions
   * at once; with a random one, a restart waits for the old instance lease to expire.
   */
  readonly instanceId?: string;
  /**
   * How long this instance's liveness lease lasts without renewal (renewed every third of it);
   * another instance takes over this one's sessions once it has expired. Default 30,000.
   */
  readonly instanceLeaseMs?: number;
  /** Default: real time. */
  readonly clock?: Clock;
  /** How often the reaper runs; default 60,000. */
  readonly reapIntervalMs?: number;
  /** How often tracked sessions are checked upstream; default 15,000. */
  readonly pollIntervalMs?: number;
  /** The reaper leaves resources younger than this alone (they may still be spawning); default 120,000. */
  readonly graceMs?: number;
  /** Defaults for spawn: idle TTL 600,000 (10 min), max runtime 28,800,000 (8 h). */
  readonly idleTtlMs?: number;
  readonly maxRuntimeMs?: number;
  readonly terminateRetry?: TerminateRetryOptions;
  /** How many due sessions (expiries, terminate retries) are handled at once; the rest queue. Default 16. */
  readonly maxConcurrentDue?: number;
  /**
   * A compute the provider reports `stopped` (a pod stopped by hand, or by the cloud) still holds
   * its disk and may still bill: `end` (default) terminates it and ends the session (reason
   * `stopped_upstream`); `keep` keeps the session until its TTL (it may be started again). A
   * `stopped` event is emitted either way.
   */
  readonly onStopped?: 'end' | 'keep';
  /** Call options for every provider call (apiKey, baseUrl, timeoutMs, hooks...). */
  readonly context?: CallContext;
  /** Where waitReady probes a port; default: the port's URL, else publicIp and external port. */
  readonly resolveEndpoint?: EndpointResolver;
  /** Session ids (8-32 chars of [a-z0-9]); default 16 random characters. For deterministic tests. */
  readonly ids?: () => string;
  readonly logger?: Logger;
  /** Refuse new sessions once the owner's (or a user's) spend reaches a limit; see docs/orchestrator.md. */
  readonly budget?: BudgetOptions;
  /** Compare the spend estimate with the provider's bill every interval; `spend_mismatch` when they differ. */
  readonly reconcile?: ReconcileOptions;
  /**
   * 32 random bytes in base64 (`openssl rand -base64 32`), the same for every instance sharing the
   * store. With it, each session's env values and token are kept in its record, encrypted
   * (AES-256-GCM), so an instance that adopts the session after a restart or a takeover keeps them
   * out of its errors, events and logs on every cloud, Lambda Labs included (whose API never
   * returns a VM's env). Without it, an adopted session's secrets are those its provider reads in
   * the machine's body. Keep it out of the repo, like an API key.
   */
  readonly secretsKey?: string;
}

/** What spawn takes: a compute request (its `name` is chosen by the orchestrator) plus session fields. */
export type SpawnRequest = Omit<ComputeRequestInput, 'name' | 'idleTtlMs'> & {
  readonly userId?: string;
  /** Which of the orchestrator's providers (by id) to spawn on; default the first. Not with `placement`. */
  readonly provider?: string;
  /** Place the session on whichever of the orchestrator's providers has the machine cheapest now. */
  readonly placement?: PlacementRequest;
  /** End the session after this long without touch(); default the orchestrator's idleTtlMs. */
  readonly idleTtlMs?: number;
  /** End the session this long after spawn, touched or not; default the orchestrator's maxRuntimeMs. */
  readonly maxRuntimeMs?: number;
  /** End the session (reason `budget_exhausted`) once its machine has cost this much, in USD. */
  readonly maxCostUsd?: number;
  readonly signal?: AbortSignal;
};

/** What spawn gives back. `auth` (with the token) exists only here: the store keeps only its hash. */
export interface SpawnedSession {
  readonly session: Session;
  readonly compute: Compute;
  readonly auth?: AuthHandle;
}

/**
 * Without a logger, errors (a compute the orchestrator gave up terminating, a listener that threw)
 * still reach the operator: as process warnings, which Node prints to stderr.
 */
export const defaultLogger: Logger = {
  error(message, fields) {
    process.emitWarning(message, {
      type: 'AtlasOrchestratorWarning',
      ...(fields === undefined ? {} : { detail: JSON.stringify(fields) }),
    });
  },
};
