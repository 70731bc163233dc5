import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The mutant shards only; run-mutants.mjs starts it and reads its JSON report. The shards mostly
 * wait on clocks (polls, jobs, the fake's timings), not on the CPU, so several run at once.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['src/*.mutants.ts'],
    maxWorkers: 4,
    testTimeout: 15_000,
    hookTimeout: 15_000,
  },
});
