import { pending } from './helpers/pending.js';
import { registerFaults } from './suites/faults.js';

// Left out of the CI run (vitest.config.ts): the cases waiting for a fix, listed in helpers/pending.ts.
registerFaults(pending('faults'));
