import type { Compute, ComputeStatus } from '@atlas/core';
import type { AttemptOutcome } from '@atlas/placement';

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
  /**
   * The provider's id ('runpod', 'mock'): where the compute lives. A placed session's record names
   * the first provider placement may try while it is `spawning`, and the one it landed on after.
   */
  readonly provider: string;
  readonly state: SessionState;
  readonly computeId?: string;
  /** The last status the provider reported. */
  readonly status?: ComputeStatus;
  readonly compute?: SessionCompute;
  /** SHA-256 of the bearer token handed to the app at spawn; verify with core's verifyToken. */
  readonly tokenHash?: string;
  /** The session's env values and token, encrypted under the orchestrators' `secretsKey` (only with one). */
  readonly sealedSecrets?: string;
  readonly createdAt: number;
  /** The last touch(); while `spawning`, the last sign of progress (a placement attempt ending). */
  readonly lastTouchedAt: number;
  /**
   * The instance that watches this session's deadlines (its instanceId): the one that spawned it,
   * or took it over once that one's instance lease expired.
   */
  readonly holder?: string;
  /** Where placement put the session (placed spawns only): the offer taken and every try. */
  readonly placement?: SessionPlacement;
  /**
   * True after the orchestrator's stop() (false again after start()): the poll does not end a
   * session for a stop the orchestrator made itself. A flag rather than an optional field that
   * start() would remove: a compare-and-set update merges, it cannot delete a field.
   */
  readonly stoppedByOrchestrator?: boolean;
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

/** The offer a placed session was rented from (plain JSON, as stored). */
export interface SessionOffer {
  readonly provider: string;
  readonly region?: string;
  /** USD per hour for the whole machine, as quoted. */
  readonly pricePerHour: number;
  /** When the provider's catalog gave that price (ms since the epoch). */
  readonly readAt: number;
}

/** One try of one offer: where, how it ended and why (no raw response, no secret). */
export interface SessionPlacementAttempt {
  readonly provider: string;
  readonly region?: string;
  readonly pricePerHour?: number;
  readonly outcome: AttemptOutcome;
  /** The AtlasError kind of a failed try. */
  readonly errorKind?: string;
  readonly message?: string;
  readonly durationMs: number;
}

export interface SessionPlacement {
  readonly offer: SessionOffer;
  /** Every try, in order; the last one is the offer taken. */
  readonly attempts: readonly SessionPlacementAttempt[];
}

/** A session without the version the store assigns. */
export type NewSession = Omit<Session, 'version'>;

/**
 * Fields a compare-and-set update may change (identity fields are fixed at creation). `provider`
 * is the exception the orchestrator uses once: a placed spawn learns where it landed only when
 * the create returns, and writes it with the spawning -> active change.
 */
export type SessionChanges = Partial<Omit<Session, 'id' | 'ownerId' | 'name' | 'createdAt' | 'version'>>;

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
