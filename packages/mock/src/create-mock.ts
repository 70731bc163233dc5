import type { MockOptions, MockProvider } from './types.js';

// CONTRACT STUB: signature fixed, implementation in progress.

/** A fresh in-memory provider. Deterministic when `clock` and `ids` are given. */
export function createMock(_options: MockOptions = {}): MockProvider {
  throw new Error('createMock: not implemented yet');
}
