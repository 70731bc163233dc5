import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['./test/setup.ts'],
    // Fake-clock tests drive many scheduler ticks; on a loaded 2-core CI machine that CPU work can
    // outlast vitest's 5 s default without anything being wrong. Nothing here waits on real time.
    testTimeout: 15_000,
  },
});
