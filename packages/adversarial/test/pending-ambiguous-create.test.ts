import { pending } from './helpers/pending.js';
import { registerAmbiguousCreate } from './suites/ambiguous-create.js';

// Left out of the CI run (vitest.config.ts): the cases waiting for a fix, listed in helpers/pending.ts.
registerAmbiguousCreate(pending('ambiguous-create'));
