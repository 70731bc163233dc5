import { held } from './helpers/pending.js';
import { registerBadInput } from './suites/bad-input.js';

registerBadInput(held('bad-input'));
