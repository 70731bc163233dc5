import { pending } from './helpers/pending.js';
import { registerConcurrentSpawns } from './suites/concurrent-spawns.js';

// Left out of the CI run (vitest.config.ts): the cases waiting for a fix, listed in helpers/pending.ts.
registerConcurrentSpawns(pending('concurrent-spawns'));
