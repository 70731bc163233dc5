import { held } from './helpers/pending.js';
import { registerSecretsCli } from './suites/secrets-cli.js';

registerSecretsCli(held('secrets-cli'));
