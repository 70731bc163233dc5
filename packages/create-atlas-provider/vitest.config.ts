import { defineConfig } from 'vitest/config';

// Only the scaffolder's own tests: the test files under templates/ belong to the generated package
// (scripts/test-create-provider.mjs runs them there).
export default defineConfig({ test: { include: ['test/**/*.test.ts'] } });
