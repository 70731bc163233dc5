import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreConformance } from '@atlas/orchestrator/testing';
import { createSqliteStore } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'atlas-store-sqlite-'));
const path = join(dir, 'sessions.db');

// Every store the suite asks for opens the same file: a second store sees the first one's writes.
describeStoreConformance('sqlite', ({ now }) => createSqliteStore({ path, now }), {
  largeCount: 5_000,
  teardown: async (stores) => {
    for (const store of stores) await store.close?.();
    rmSync(dir, { recursive: true, force: true });
  },
});
