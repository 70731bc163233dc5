export { MIGRATIONS } from './migrations.js';
export { createPostgresStore, type PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
export { VERSION } from './version.js';
