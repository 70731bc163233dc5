import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The tests run the built CLI (dist/bin.js) as a child process; the setup makes sure it is built.
    globalSetup: ['./test/helpers/build-once.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
