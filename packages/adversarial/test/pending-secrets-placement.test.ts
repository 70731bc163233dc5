import { pending } from './helpers/pending.js';
import { registerSecretsPlacement } from './suites/secrets-placement.js';

// Left out of the CI run (vitest.config.ts): the cases waiting for a fix, listed in helpers/pending.ts.
registerSecretsPlacement(pending('secrets-placement'));
