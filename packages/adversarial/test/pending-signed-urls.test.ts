import { pending } from './helpers/pending.js';
import { registerSignedUrls } from './suites/signed-urls.js';

// Left out of the CI run (vitest.config.ts): the cases waiting for a fix, listed in helpers/pending.ts.
registerSignedUrls(pending('signed-urls'));
