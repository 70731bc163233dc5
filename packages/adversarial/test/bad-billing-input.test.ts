import { held } from './helpers/pending.js';
import { registerBadBillingInput } from './suites/bad-billing-input.js';

registerBadBillingInput(held('bad-billing-input'));
