import { held } from './helpers/pending.js';
import { registerSecretsPlacement } from './suites/secrets-placement.js';

registerSecretsPlacement(held('secrets-placement'));
