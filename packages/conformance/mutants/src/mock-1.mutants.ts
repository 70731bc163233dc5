import { MOCK_MUTANTS } from './mock-mutants.js';
import { describeMockMutants } from './mock-target.js';

// One shard of three: shards run in parallel workers (see vitest.config.ts).
describeMockMutants(
  MOCK_MUTANTS.filter((_, i) => i % 3 === 1),
  false,
);
