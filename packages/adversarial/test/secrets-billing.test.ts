import { held } from './helpers/pending.js';
import { registerSecretsBilling } from './suites/secrets-billing.js';

registerSecretsBilling(held('secrets-billing'));
