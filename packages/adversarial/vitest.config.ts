import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A case whose fix has not landed yet waits in pending-*.test.ts, outside the CI run (see README).
    exclude: [...configDefaults.exclude, 'test/**/pending-*.test.ts'],
    // Every case is bounded: a hang is a failure, never a stuck CI job.
    testTimeout: 20_000,
    maxConcurrency: 8,
    hookTimeout: 20_000,
  },
});
