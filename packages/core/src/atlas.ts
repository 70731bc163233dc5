import type { Provider, CallContext } from './provider.js';

// CONTRACT STUB (to be implemented by the core-rest work): see the brief for the intended API.

export type CallOptions = CallContext;

export interface AtlasOptions {
  readonly providers: Readonly<Record<string, Provider>>;
  readonly defaultProvider?: string;
  /** Defaults merged under every call's own options (hooks, timeouts, fetch). */
  readonly context?: CallContext;
}

export function createAtlas(_options: AtlasOptions): never {
  throw new Error('createAtlas: not implemented yet');
}
