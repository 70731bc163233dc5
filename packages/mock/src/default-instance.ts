import { createMock } from './create-mock.js';
import type { MockProvider } from './types.js';

/** A shared mock with default settings; call `mock.reset()` between tests that use it. */
export const mock: MockProvider = createMock();
