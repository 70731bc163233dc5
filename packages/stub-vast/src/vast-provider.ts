import type { Capability, Provider } from '@atlas/core';
import { createStubProvider } from '@atlas/core/provider';

/**
 * Accepted so that call sites written for the real Vast.ai provider compile unchanged; the stub
 * makes no request, so nothing here is read.
 */
export interface VastSettings {
  readonly apiKey?: string;
  readonly baseUrl?: string;
}

export type VastProvider = Provider;

export const VAST_DOCS_URL = 'https://docs.vast.ai/api-reference';

/**
 * What the Vast.ai API offers (see specs/vast/NOTES.md): instances that stop and start, interruptible
 * (bid) instances, a priced offer search, and direct TCP ports (mapped to other host ports, so not
 * symmetric). No serverless.
 */
const VAST_CAPABILITIES: readonly Capability[] = ['stop_start', 'spot', 'gpu_catalog', 'raw_tcp'];

/** Reserves the `vast` provider name until the real provider lands. */
export function createVast(_settings: VastSettings = {}): VastProvider {
  return createStubProvider({
    id: 'vast',
    capabilities: VAST_CAPABILITIES,
    docsUrl: VAST_DOCS_URL,
    reason: 'The Vast.ai provider is not implemented yet; this stub reserves its name so call sites will not change.',
  });
}

/** The default instance. */
export const vast: VastProvider = createVast();
