import type { Provider } from '@atlas/core';
import type { ProviderConformanceOptions } from './options.js';

// CONTRACT STUB: signature fixed, implementation in progress.

/** Registers the conformance suite for a provider as vitest tests (call at a test file's top level). */
export function describeProviderConformance<P extends Provider>(_options: ProviderConformanceOptions<P>): void {
  throw new Error('describeProviderConformance: not implemented yet');
}
