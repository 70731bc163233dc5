import type { Capability, Provider } from '@atlas/core';
import { createStubProvider } from '@atlas/core/provider';

/**
 * Accepted so that call sites written for a real Fly provider compile unchanged; the stub makes
 * no request, so nothing here is read.
 */
export interface FlySettings {
  readonly apiKey?: string;
  readonly baseUrl?: string;
}

export type FlyProvider = Provider;

export const FLY_DOCS_URL = 'https://fly.io/docs/machines/api/';

/**
 * What a Fly Machines provider would offer (see specs/fly/NOTES.md): machines that stop and start,
 * the Fly proxy for HTTP, raw TCP services, and anycast networking. No serverless, no price API.
 */
const FLY_CAPABILITIES: readonly Capability[] = ['stop_start', 'http_proxy', 'raw_tcp', 'global_networking'];

/** Reserves the `fly` provider name: every operation rejects AtlasError `unsupported`. */
export function createFly(_settings: FlySettings = {}): FlyProvider {
  return createStubProvider({
    id: 'fly',
    capabilities: FLY_CAPABILITIES,
    docsUrl: FLY_DOCS_URL,
    reason:
      'Fly.io retired GPU Machines on 2026-07-31 (no GPU can be rented there since 2026-08-01), ' +
      'so Atlas ships no Fly provider. Use another provider, such as @atlas/runpod.',
  });
}

/** The default instance. */
export const fly: FlyProvider = createFly();
