import { pending } from './helpers/pending.js';
import { registerBadInput } from './suites/bad-input.js';

// Left out of the CI run (vitest.config.ts): the cases waiting for a fix, listed in helpers/pending.ts.
registerBadInput(pending('bad-input'));
