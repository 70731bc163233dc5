import { pending } from './helpers/pending.js';
import { registerSecrets } from './suites/secrets.js';

// Left out of the CI run (vitest.config.ts): the cases waiting for a fix, listed in helpers/pending.ts.
registerSecrets(pending('secrets'));
