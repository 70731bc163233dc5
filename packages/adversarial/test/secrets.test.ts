import { held } from './helpers/pending.js';
import { registerSecrets } from './suites/secrets.js';

registerSecrets(held('secrets'));
