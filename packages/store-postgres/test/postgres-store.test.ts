import { describeStoreConformance } from '@atlas/orchestrator/testing';
import { inject } from 'vitest';
import { createPostgresStore } from '../src/index.js';

// Every store the suite asks for is a new pool on the same database: a second store sees the first one's writes.
describeStoreConformance(
  'postgres',
  ({ now }) => createPostgresStore({ connectionString: inject('postgresUrl'), now }),
  {
    largeCount: 5_000,
    teardown: async (stores) => {
      for (const store of stores) await store.close?.();
    },
  },
);
