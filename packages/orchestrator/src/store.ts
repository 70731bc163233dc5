import type { NewSession, Session, SessionChanges } from './session.js';
import type { SpendQuery, SpendRecord } from './spend-record.js';

/**
 * Where sessions live. The orchestrator treats the store as the truth and its own timers as hints:
 * a deadline that fires re-reads the session before acting, so a touch() through another instance
 * (sharing the store) is never missed.
 *
 * Stores that ship: createMemoryStore (this package), @atlas/store-sqlite (one process, durable) and
 * @atlas/store-postgres (several instances). describeStoreConformance from
 * @atlas/orchestrator/testing is the contract as a test suite, for store authors.
 *
 * Designed so that a Redis store can implement it for several app instances too:
 * - records are plain JSON (one hash or string key per session, one set per owner for list);
 * - every write after `create` is a compare-and-set on `version` (WATCH/MULTI or a Lua script that
 *   checks the version field), so two instances racing to expire the same session cannot both win;
 * - leases (`SET name holder NX PX ttl`, renewed when `holder` already owns it, released by a
 *   compare-and-delete) make sure only one instance reaps or terminates at a time;
 * - spend records are written once (`SET … NX` per owner, session and billing start) and indexed
 *   per owner by when they ended (a sorted set), which is all listSpend and spendTotal read.
 */
export interface SessionStore {
  /** Insert a new session with version 1. Rejects AtlasError `conflict` when the id exists. */
  create(session: NewSession): Promise<Session>;
  get(id: string): Promise<Session | undefined>;
  /** Every session of one owner. */
  list(query: { readonly ownerId: string }): Promise<Session[]>;
  /**
   * Compare-and-set: apply `changes` only when the stored version is `expectedVersion`, bumping the
   * version. Returns the new record, or undefined when the version moved or the session is gone.
   */
  update(id: string, expectedVersion: number, changes: SessionChanges): Promise<Session | undefined>;
  /** Delete (only at `expectedVersion` when given). True when something was deleted. */
  delete(id: string, expectedVersion?: number): Promise<boolean>;
  /**
   * Take the named lease for `ttlMs`, or renew it when `holder` already holds it. True when
   * `holder` holds the lease afterwards. A lease whose holder died expires on its own.
   */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Give the lease up, only if `holder` holds it. */
  releaseLease(name: string, holder: string): Promise<void>;
  /**
   * Keep an ended session's spend. Idempotent on (ownerId, sessionId, from): the first record stays,
   * so an instance that writes it again (after a crash between this write and the session's delete,
   * or racing another instance) neither doubles the spend nor fails.
   */
  addSpend(record: SpendRecord): Promise<void>;
  /** The matching records, oldest `to` first. */
  listSpend(query: SpendQuery): Promise<SpendRecord[]>;
  /** The sum of the matching records' `usd`; 0 when none match. */
  spendTotal(query: SpendQuery): Promise<number>;
  /** Release connections or file handles; the orchestrator never calls it (the store is the app's). */
  close?(): Promise<void>;
}
