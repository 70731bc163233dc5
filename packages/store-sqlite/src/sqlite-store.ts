import { DatabaseSync } from 'node:sqlite';
import { AtlasError } from '@atlas/core';
import type { NewSession, Session, SessionStore, SpendQuery, SpendRecord } from '@atlas/orchestrator';

export interface SqliteStoreOptions {
  /** The database file (created when missing), or ':memory:' for a store that dies with the process. */
  readonly path: string;
  /** Time for lease expiry; default Date.now. */
  readonly now?: () => number;
  /** How long a write waits for another process's lock before failing; default 5,000 ms. */
  readonly busyTimeoutMs?: number;
}

export interface SqliteStore extends SessionStore {
  /** Closes the database. */
  close(): Promise<void>;
}

/**
 * The tables, created on first use (CREATE ... IF NOT EXISTS, so opening an existing file is safe).
 * A session is one row: its id, owner and version as columns (for the index and the
 * compare-and-set) and the record itself as JSON, so new Session fields need no migration. A spend
 * record is one row of atlas_spend (added in 0.2; a file from 0.1 gains the table when opened).
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS atlas_sessions (
  id TEXT PRIMARY KEY,
  owner_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS atlas_sessions_owner ON atlas_sessions (owner_id);
CREATE TABLE IF NOT EXISTS atlas_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS atlas_spend (
  owner_id TEXT NOT NULL,
  session_id TEXT NOT NULL,
  from_ms INTEGER NOT NULL,
  to_ms INTEGER NOT NULL,
  user_id TEXT,
  provider TEXT NOT NULL,
  usd REAL NOT NULL,
  PRIMARY KEY (owner_id, session_id, from_ms)
) STRICT;
CREATE INDEX IF NOT EXISTS atlas_spend_owner_to ON atlas_spend (owner_id, to_ms);
`;

/**
 * A durable SessionStore for one process, on node:sqlite (built into Node without a flag since 22.13;
 * `isOpen` needs 22.15; no native build step). node:sqlite is synchronous, so each call is atomic within the process; WAL mode and a busy
 * timeout keep a second process on the same file (a restart overlapping the old one) correct too.
 * For several app instances on several machines, use @atlas/store-postgres.
 */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const now = options.now ?? Date.now;
  const db = new DatabaseSync(options.path);
  db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5_000))}`);
  // WAL with synchronous NORMAL: a commit survives the process crashing (the case that matters
  // here); only a power loss may lose the last commits, whose machines the reaper then finds.
  if (options.path !== ':memory:') db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL');
  db.exec(SCHEMA);

  const insert = db.prepare(
    'INSERT INTO atlas_sessions (id, owner_id, version, data) VALUES (?, ?, 1, ?) ON CONFLICT (id) DO NOTHING',
  );
  const select = db.prepare('SELECT version, data FROM atlas_sessions WHERE id = ?');
  const selectOwner = db.prepare('SELECT version, data FROM atlas_sessions WHERE owner_id = ?');
  const cas = db.prepare('UPDATE atlas_sessions SET version = version + 1, data = ? WHERE id = ? AND version = ?');
  const remove = db.prepare('DELETE FROM atlas_sessions WHERE id = ?');
  const removeAt = db.prepare('DELETE FROM atlas_sessions WHERE id = ? AND version = ?');
  const lease = db.prepare(`
    INSERT INTO atlas_leases (name, holder, expires_at) VALUES (?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
    WHERE atlas_leases.holder = excluded.holder OR atlas_leases.expires_at <= ?`);
  const unlease = db.prepare('DELETE FROM atlas_leases WHERE name = ? AND holder = ?');
  const insertSpend = db.prepare(`
    INSERT INTO atlas_spend (owner_id, session_id, from_ms, to_ms, user_id, provider, usd) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO NOTHING`);
  // One statement per query shape: a NULL parameter means "any" (userId, since not given).
  const spendWhere = 'owner_id = ? AND (? IS NULL OR user_id = ?) AND (? IS NULL OR to_ms >= ?)';
  const selectSpend = db.prepare(`SELECT * FROM atlas_spend WHERE ${spendWhere} ORDER BY to_ms, from_ms`);
  const sumSpend = db.prepare(`SELECT COALESCE(SUM(usd), 0) AS total FROM atlas_spend WHERE ${spendWhere}`);
  const spendParams = (q: SpendQuery) => [
    q.ownerId,
    q.userId ?? null,
    q.userId ?? null,
    q.since ?? null,
    q.since ?? null,
  ];

  const toSession = (row: Record<string, unknown>): Session => ({
    ...(JSON.parse(row.data as string) as NewSession),
    version: Number(row.version),
  });

  /** A read-modify-write as one transaction, so another process cannot write in between. */
  function transaction<T>(work: () => T): T {
    db.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      db.exec('COMMIT');
      return result;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }

  return {
    async create(session) {
      const { version: _ignored, ...record } = session as NewSession & { version?: number };
      if (insert.run(record.id, record.ownerId, JSON.stringify(record)).changes === 0) {
        throw new AtlasError({ kind: 'conflict', message: `Session ${session.id} already exists` });
      }
      return { ...structuredClone(record), version: 1 };
    },
    async get(id) {
      const row = select.get(id);
      return row === undefined ? undefined : toSession(row);
    },
    async list({ ownerId }) {
      return selectOwner.all(ownerId).map(toSession);
    },
    async update(id, expectedVersion, changes) {
      return transaction(() => {
        const row = select.get(id);
        if (row === undefined || Number(row.version) !== expectedVersion) return undefined;
        const { version: _version, ...current } = toSession(row);
        const next = { ...current, ...changes };
        if (cas.run(JSON.stringify(next), id, expectedVersion).changes !== 1) return undefined;
        return { ...(JSON.parse(JSON.stringify(next)) as NewSession), version: expectedVersion + 1 };
      });
    },
    async delete(id, expectedVersion) {
      const result = expectedVersion === undefined ? remove.run(id) : removeAt.run(id, expectedVersion);
      return result.changes === 1;
    },
    async acquireLease(name, holder, ttlMs) {
      const t = now();
      return lease.run(name, holder, t + ttlMs, t).changes === 1;
    },
    async releaseLease(name, holder) {
      unlease.run(name, holder);
    },
    async addSpend(r) {
      insertSpend.run(r.ownerId, r.sessionId, r.from, r.to, r.userId ?? null, r.provider, r.usd);
    },
    async listSpend(query) {
      return selectSpend.all(...spendParams(query)).map(toSpend);
    },
    async spendTotal(query) {
      return Number(sumSpend.get(...spendParams(query))?.total ?? 0);
    },
    async close() {
      if (db.isOpen) db.close();
    },
  };
}

function toSpend(row: Record<string, unknown>): SpendRecord {
  return {
    ownerId: row.owner_id as string,
    ...(row.user_id === null ? {} : { userId: row.user_id as string }),
    sessionId: row.session_id as string,
    provider: row.provider as string,
    usd: Number(row.usd),
    from: Number(row.from_ms),
    to: Number(row.to_ms),
  };
}
