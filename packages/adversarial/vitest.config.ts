import { configDefaults, defineConfig } from 'vitest/config';

/** `pnpm test:pending` sets it: the cases waiting for a fix (test/pending-*.test.ts), outside CI. */
const pending = process.env.ADVERSARIAL_PENDING === '1';

export default defineConfig({
  test: {
    exclude: pending ? configDefaults.exclude : [...configDefaults.exclude, 'test/**/pending-*.test.ts'],
    // Every case is bounded: a hang is a failure, never a stuck CI job.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    maxConcurrency: 8,
  },
});
