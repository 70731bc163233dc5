import { createMemoryStore } from '../src/index.js';
import { describeStoreConformance } from '../src/testing/index.js';

describeStoreConformance('memory', ({ now }) => createMemoryStore({ now }));
