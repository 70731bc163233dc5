import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createPostgresStore, MIGRATIONS } from '../src/index.js';
import { MIGRATIONS_TABLE } from '../src/migrations.js';

/** A database of its own per test: the migrations of the shared one were applied long ago. */
const admin = new pg.Pool({ connectionString: inject('postgresUrl'), max: 1 });
const created: string[] = [];
afterAll(async () => {
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

async function freshDatabase(): Promise<string> {
  const name = `atlas_migrations_${randomBytes(4).toString('hex')}`;
  await admin.query(`CREATE DATABASE ${name}`);
  created.push(name);
  const url = new URL(inject('postgresUrl'));
  url.pathname = `/${name}`;
  return url.toString();
}

describe('migrations', () => {
  it('a database at migration 1 (0.1) gains the spend table on first use; sessions are untouched', async () => {
    const connectionString = await freshDatabase();
    const db = new pg.Pool({ connectionString, max: 1 });
    try {
      // What 0.1 left behind: migration 1 applied and recorded, one live session.
      await db.query(MIGRATIONS_TABLE);
      await db.query(MIGRATIONS.find((m) => m.id === 1)!.sql);
      await db.query('INSERT INTO atlas_migrations (id) VALUES (1)');
      await db.query(`INSERT INTO atlas_sessions (id, owner_id, version, data) VALUES ('s1', 'app', 3, '{"id":"s1"}')`);

      const store = createPostgresStore({ connectionString });
      await store.addSpend({ ownerId: 'app', sessionId: 's0', provider: 'mock', usd: 1.5, from: 0, to: 1_000 });
      expect(await store.spendTotal({ ownerId: 'app' })).toBe(1.5);
      expect(await store.get('s1')).toMatchObject({ id: 's1', version: 3 });
      await store.close();

      const applied = await db.query<{ id: number }>('SELECT id FROM atlas_migrations ORDER BY id');
      expect(applied.rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
    } finally {
      await db.end();
    }
  });

  it('by hand: every migration applied in order, then migrate: false, gives a working store', async () => {
    const connectionString = await freshDatabase();
    const db = new pg.Pool({ connectionString, max: 1 });
    try {
      await db.query(MIGRATIONS_TABLE);
      for (const migration of MIGRATIONS) {
        await db.query(migration.sql);
        await db.query('INSERT INTO atlas_migrations (id) VALUES ($1)', [migration.id]);
      }
      const store = createPostgresStore({ connectionString, migrate: false });
      await store.addSpend({ ownerId: 'app', userId: 'u', sessionId: 's', provider: 'mock', usd: 2, from: 0, to: 1 });
      expect(await store.listSpend({ ownerId: 'app', userId: 'u' })).toHaveLength(1);
      await store.close();
    } finally {
      await db.end();
    }
  });
});
