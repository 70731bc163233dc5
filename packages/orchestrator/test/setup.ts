import { afterEach, vi } from 'vitest';

// A FakeClock turns vitest's fake timers on; every test starts again on real ones.
afterEach(() => {
  vi.useRealTimers();
});
