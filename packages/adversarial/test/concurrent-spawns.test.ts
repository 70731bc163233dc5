import { held } from './helpers/pending.js';
import { registerConcurrentSpawns } from './suites/concurrent-spawns.js';

registerConcurrentSpawns(held('concurrent-spawns'));
