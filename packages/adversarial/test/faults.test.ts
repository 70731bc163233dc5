import { held } from './helpers/pending.js';
import { registerFaults } from './suites/faults.js';

registerFaults(held('faults'));
