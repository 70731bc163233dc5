import type { Compute, ComputeStatus } from '@atlas/core';

/**
 * - `spawning`: the record exists, the provider call is in flight (or the process died during it);
 * - `active`: a compute is running (or provisioning) for the session;
 * - `terminating`: the orchestrator is terminating the compute, retrying with backoff.
 * Ended sessions are deleted from the store; their story is told by events.
 */
export type SessionState = 'spawning' | 'active' | 'terminating';

/** Why a session ended (or is ending). */
export type EndReason =
  | 'released'
  | 'idle_timeout'
  | 'max_runtime'
  | 'failed'
  | 'terminated_upstream'
  | 'not_found_upstream'
  | 'stopped_upstream'
  | 'budget_exhausted'
  | 'shutdown';

/** What the store keeps of a compute: no `auth` (the token) and no `raw`. */
export type SessionCompute = Omit<Compute, 'auth' | 'raw'>;

/**
 * One session as stored. Plain JSON (numbers are ms since the epoch on the orchestrator's clock),
 * so that a Redis or SQL store can serialise it as is. Never holds a token: only its hash.
 */
export interface Session {
  readonly id: string;
  readonly ownerId: string;
  /** The owner-stamped resource name, `atlas-<ownerId>-<id>`. */
  readonly name: string;
  readonly userId?: string;
  /** The provider's id ('runpod', 'mock'). */
  readonly provider: string;
  readonly state: SessionState;
  readonly computeId?: string;
  /** The last status the provider reported. */
  readonly status?: ComputeStatus;
  readonly compute?: SessionCompute;
  /** SHA-256 of the bearer token handed to the app at spawn; verify with core's verifyToken. */
  readonly tokenHash?: string;
  readonly createdAt: number;
  readonly lastTouchedAt: number;
  /**
   * The instance that watches this session's deadlines (its instanceId): the one that spawned it,
   * or took it over once that one's instance lease expired.
   */
  readonly holder?: string;
  /** When waitReady first saw the compute ready. */
  readonly readyAt?: number;
  readonly idleTtlMs: number;
  readonly maxRuntimeMs: number;
  /** lastTouchedAt + idleTtlMs; the idle clock restarts when the compute becomes ready. */
  readonly idleDeadline: number;
  /** createdAt + maxRuntimeMs. */
  readonly maxDeadline: number;
  /** USD per hour the machine bills: the compute's costPerHour (absent when the provider reports none). */
  readonly pricePerHour?: number;
  /** When the machine started billing (ms): when its create returned. Absent while spawning. */
  readonly billedFrom?: number;
  /** The session ends (reason `budget_exhausted`) once its spend reaches this (USD). */
  readonly maxCostUsd?: number;
  readonly endReason?: EndReason;
  readonly terminateAttempts?: number;
  /** When the next terminate attempt is due (state `terminating`). */
  readonly nextAttemptAt?: number;
  /** Bumped by the store on every write; the basis of compare-and-set. */
  readonly version: number;
}

/** A session without the version the store assigns. */
export type NewSession = Omit<Session, 'version'>;

/** Fields a compare-and-set update may change (identity fields are fixed at creation). */
export type SessionChanges = Partial<Omit<Session, 'id' | 'ownerId' | 'name' | 'provider' | 'createdAt' | 'version'>>;

export function toSessionCompute(compute: Compute): SessionCompute {
  const { auth: _auth, raw: _raw, ...rest } = compute;
  return rest;
}

/**
 * The idle clock restarts when waitReady sees the compute ready: a pod that takes four minutes to
 * pull its image must not use up a five-minute idle TTL before the user could touch it. Only the
 * first time; an app that hands the compute out without waitReady keeps the clock from spawn.
 */
export function readyChanges(session: Session, now: number): SessionChanges {
  if (session.readyAt !== undefined) return {};
  return {
    readyAt: now,
    lastTouchedAt: Math.max(session.lastTouchedAt, now),
    idleDeadline: Math.max(session.idleDeadline, now + session.idleTtlMs),
  };
}
