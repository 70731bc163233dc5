import { held } from './helpers/pending.js';
import { registerAmbiguousCreate } from './suites/ambiguous-create.js';

registerAmbiguousCreate(held('ambiguous-create'));
