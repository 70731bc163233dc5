import { pending } from './helpers/pending.js';
import { registerSecretsCli } from './suites/secrets-cli.js';

// Left out of the CI run (vitest.config.ts): the cases waiting for a fix, listed in helpers/pending.ts.
registerSecretsCli(pending('secrets-cli'));
