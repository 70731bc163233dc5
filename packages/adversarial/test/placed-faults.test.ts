import { held } from './helpers/pending.js';
import { registerPlacedFaults } from './suites/placed-faults.js';

registerPlacedFaults(held('placed-faults'));
