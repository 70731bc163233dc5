/**
 * The schema, in order. The store applies the ones a database lacks on first use, under an advisory
 * lock (so two instances starting together do not race), and records each in atlas_migrations.
 * To run them by hand instead, apply each `sql` in order and insert its `id` into atlas_migrations
 * (docs/orchestrator.md shows the statements).
 */
export const MIGRATIONS: readonly { readonly id: number; readonly sql: string }[] = [
  {
    id: 1,
    sql: `
CREATE TABLE IF NOT EXISTS atlas_sessions (
  id text PRIMARY KEY,
  owner_id text NOT NULL,
  version integer NOT NULL,
  data jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS atlas_sessions_owner ON atlas_sessions (owner_id);
CREATE TABLE IF NOT EXISTS atlas_leases (
  name text PRIMARY KEY,
  holder text NOT NULL,
  expires_at bigint NOT NULL
);`,
  },
  {
    // 0.2: the spend of ended sessions, for budgets (one row per session and billing start).
    id: 2,
    sql: `
CREATE TABLE IF NOT EXISTS atlas_spend (
  owner_id text NOT NULL,
  session_id text NOT NULL,
  from_ms bigint NOT NULL,
  to_ms bigint NOT NULL,
  user_id text,
  provider text NOT NULL,
  usd double precision NOT NULL,
  PRIMARY KEY (owner_id, session_id, from_ms)
);
CREATE INDEX IF NOT EXISTS atlas_spend_owner_to ON atlas_spend (owner_id, to_ms);`,
  },
];

/** pg_advisory_xact_lock key for migrations: any constant the app's own locks are unlikely to use. */
export const MIGRATION_LOCK = 7_274_311_402;

export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS atlas_migrations (
  id integer PRIMARY KEY,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;
