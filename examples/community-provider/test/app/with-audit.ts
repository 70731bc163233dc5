import type { Provider } from '@atlas/core';

// Application code: a wrapper that records every provider call (for an audit log or metrics).
// A wrapper must keep the provider's contract: docs/testing.md runs the conformance suite on it.

const METHODS = [
  'spawnCompute',
  'getCompute',
  'listCompute',
  'stop',
  'start',
  'terminate',
  'runJob',
  'getJob',
  'cancelJob',
  'streamJob',
  'listGpuTypes',
  'listCpuTypes',
  'logs',
] as const satisfies readonly (keyof Provider)[];

export function withAudit(provider: Provider, record: (operation: string) => void): Provider {
  const wrapped: Record<string, unknown> = {
    id: provider.id,
    capabilities: provider.capabilities,
    gpuMap: provider.gpuMap,
  };
  for (const method of METHODS) {
    const original = provider[method] as ((...args: unknown[]) => unknown) | undefined;
    // Only the methods the provider has: adding one it lacks would claim a capability it does not have.
    if (original === undefined) continue;
    wrapped[method] = (...args: unknown[]) => {
      record(method);
      return original.apply(provider, args);
    };
  }
  return wrapped as unknown as Provider;
}
