import type { Capability } from './capabilities.js';
import type { Provider } from './provider.js';

// CONTRACT STUB (to be implemented by the core-rest work): signatures are fixed, bodies are not.

export interface StubProviderOptions {
  readonly id: string;
  /** What the real provider will offer; the stub implements none of it. */
  readonly capabilities?: readonly Capability[];
  readonly docsUrl?: string;
  /** Why it is a stub ("not implemented yet", "the cloud retired GPU Machines on ..."). */
  readonly reason?: string;
}

/** A provider that reserves a name: every operation rejects AtlasError `unsupported` with a clear message. */
export function createStubProvider(_options: StubProviderOptions): Provider {
  throw new Error('createStubProvider: not implemented yet');
}
