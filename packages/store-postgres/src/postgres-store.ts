import { AtlasError } from '@atlas/core';
import type { NewSession, Session, SessionStore, SpendQuery, SpendRecord } from '@atlas/orchestrator';
import pg from 'pg';
import { MIGRATION_LOCK, MIGRATIONS, MIGRATIONS_TABLE } from './migrations.js';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/db`; or pass `pool`. */
  readonly connectionString?: string;
  /** Your own pg Pool (the store then never ends it). */
  readonly pool?: pg.Pool;
  /** Connections of the pool the store creates; default 10. */
  readonly maxConnections?: number;
  /**
   * Time for lease expiry; default Date.now. Each instance uses its own clock, so keep the hosts'
   * clocks in sync (NTP): skew shortens or lengthens a lease by as much.
   */
  readonly now?: () => number;
  /** Apply missing migrations on first use; default true. Turn off when you run them by hand. */
  readonly migrate?: boolean;
  /**
   * Errors of idle connections in the pool the store creates (the server restarted, the network
   * dropped): the next query reconnects. Default: ignored, so that a database restart never crashes
   * the process (pg's Pool throws an unhandled 'error' otherwise).
   */
  readonly onPoolError?: (error: Error) => void;
}

export interface PostgresStore extends SessionStore {
  /** Ends the pool the store created (a pool you passed is yours to end). */
  close(): Promise<void>;
}

type Row = { version: number; data: NewSession };
type SpendRow = {
  owner_id: string;
  session_id: string;
  from_ms: string;
  to_ms: string;
  user_id: string | null;
  provider: string;
  usd: number;
};

/** A NULL parameter means "any": one statement per query shape, whichever filters are given. */
const SPEND_WHERE = 'owner_id = $1 AND ($2::text IS NULL OR user_id = $2) AND ($3::bigint IS NULL OR to_ms >= $3)';
const spendParams = (q: SpendQuery) => [q.ownerId, q.userId ?? null, q.since ?? null];

/**
 * A SessionStore on PostgreSQL for several app instances sharing one database: every write after
 * create is a single-statement compare-and-set on `version` (the JSON record merged with `||`),
 * leases are rows with an expiry that a holder renews and anyone takes over once expired.
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  if (options.pool === undefined && options.connectionString === undefined) {
    throw new AtlasError({ kind: 'validation', message: 'createPostgresStore needs connectionString or pool' });
  }
  const now = options.now ?? Date.now;
  const ownPool = options.pool === undefined;
  const pool =
    options.pool ?? new pg.Pool({ connectionString: options.connectionString, max: options.maxConnections ?? 10 });
  if (ownPool) pool.on('error', options.onPoolError ?? (() => undefined));
  let migrated: Promise<void> | undefined = options.migrate === false ? Promise.resolve() : undefined;

  /** The migrations, once; a failed attempt is tried again by the next call. */
  function ready(): Promise<void> {
    migrated ??= migrate(pool).catch((error: unknown) => {
      migrated = undefined;
      throw error;
    });
    return migrated;
  }

  async function query<R extends pg.QueryResultRow>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    await ready();
    return pool.query<R>(text, values);
  }

  const toSession = (row: Row): Session => ({ ...row.data, version: row.version });

  return {
    async create(session) {
      const { version: _ignored, ...record } = session as NewSession & { version?: number };
      const result = await query<Row>(
        `INSERT INTO atlas_sessions (id, owner_id, version, data) VALUES ($1, $2, 1, $3)
         ON CONFLICT (id) DO NOTHING RETURNING version, data`,
        [record.id, record.ownerId, JSON.stringify(record)],
      );
      const row = result.rows[0];
      if (row === undefined)
        throw new AtlasError({ kind: 'conflict', message: `Session ${session.id} already exists` });
      return toSession(row);
    },
    async get(id) {
      const row = (await query<Row>('SELECT version, data FROM atlas_sessions WHERE id = $1', [id])).rows[0];
      return row === undefined ? undefined : toSession(row);
    },
    async list({ ownerId }) {
      return (await query<Row>('SELECT version, data FROM atlas_sessions WHERE owner_id = $1', [ownerId])).rows.map(
        toSession,
      );
    },
    async update(id, expectedVersion, changes) {
      const row = (
        await query<Row>(
          `UPDATE atlas_sessions SET version = version + 1, data = data || $3::jsonb
           WHERE id = $1 AND version = $2 RETURNING version, data`,
          [id, expectedVersion, JSON.stringify(changes)],
        )
      ).rows[0];
      return row === undefined ? undefined : toSession(row);
    },
    async delete(id, expectedVersion) {
      const result =
        expectedVersion === undefined
          ? await query('DELETE FROM atlas_sessions WHERE id = $1', [id])
          : await query('DELETE FROM atlas_sessions WHERE id = $1 AND version = $2', [id, expectedVersion]);
      return result.rowCount === 1;
    },
    async acquireLease(name, holder, ttlMs) {
      const t = now();
      const result = await query(
        `INSERT INTO atlas_leases (name, holder, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
         WHERE atlas_leases.holder = excluded.holder OR atlas_leases.expires_at <= $4`,
        [name, holder, t + ttlMs, t],
      );
      return result.rowCount === 1;
    },
    async releaseLease(name, holder) {
      await query('DELETE FROM atlas_leases WHERE name = $1 AND holder = $2', [name, holder]);
    },
    async addSpend(r) {
      await query(
        `INSERT INTO atlas_spend (owner_id, session_id, from_ms, to_ms, user_id, provider, usd)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [r.ownerId, r.sessionId, r.from, r.to, r.userId ?? null, r.provider, r.usd],
      );
    },
    async listSpend(spendQuery) {
      const result = await query<SpendRow>(
        `SELECT * FROM atlas_spend WHERE ${SPEND_WHERE} ORDER BY to_ms, from_ms`,
        spendParams(spendQuery),
      );
      return result.rows.map(toSpend);
    },
    async spendTotal(spendQuery) {
      const result = await query<{ total: number }>(
        `SELECT COALESCE(SUM(usd), 0)::double precision AS total FROM atlas_spend WHERE ${SPEND_WHERE}`,
        spendParams(spendQuery),
      );
      return Number(result.rows[0]?.total ?? 0);
    },
    async close() {
      if (ownPool) await pool.end();
    },
  };
}

/** bigint columns come back from pg as strings: ms since the epoch fit a double exactly. */
function toSpend(row: SpendRow): SpendRecord {
  return {
    ownerId: row.owner_id,
    ...(row.user_id === null ? {} : { userId: row.user_id }),
    sessionId: row.session_id,
    provider: row.provider,
    usd: Number(row.usd),
    from: Number(row.from_ms),
    to: Number(row.to_ms),
  };
}

/** Applies the migrations this database lacks, in one transaction under an advisory lock. */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(MIGRATIONS_TABLE);
    const applied = new Set(
      (await client.query<{ id: number }>('SELECT id FROM atlas_migrations')).rows.map((r) => r.id),
    );
    for (const migration of MIGRATIONS) {
      if (applied.has(migration.id)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO atlas_migrations (id) VALUES ($1)', [migration.id]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
