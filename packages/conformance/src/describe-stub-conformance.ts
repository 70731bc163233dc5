import type { Provider } from '@atlas/core';
import type { StubConformanceOptions } from './options.js';

// CONTRACT STUB: signature fixed, implementation in progress.

/** Registers the stub suite: every operation rejects `unsupported` naming the provider. */
export function describeStubConformance<P extends Provider>(_options: StubConformanceOptions<P>): void {
  throw new Error('describeStubConformance: not implemented yet');
}
