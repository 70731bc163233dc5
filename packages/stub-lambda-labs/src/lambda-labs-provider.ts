import type { Capability, Provider } from '@atlas/core';
import { createStubProvider } from '@atlas/core/provider';

/**
 * Accepted so that call sites written for the real Lambda Labs provider compile unchanged; the stub
 * makes no request, so nothing here is read.
 */
export interface LambdaLabsSettings {
  readonly apiKey?: string;
  readonly baseUrl?: string;
}

export type LambdaLabsProvider = Provider;

export const LAMBDA_LABS_DOCS_URL = 'https://docs.lambda.ai/api/cloud';

/**
 * What the Lambda Cloud API offers (see specs/lambda/NOTES.md): a priced instance-type catalog,
 * persistent filesystems, and instances on a public IP. No stop/start (instances can only be
 * restarted or terminated), no serverless.
 */
const LAMBDA_LABS_CAPABILITIES: readonly Capability[] = [
  'gpu_catalog',
  'network_volumes',
  'raw_tcp',
  'symmetric_ports',
];

/** Reserves the `lambda-labs` provider name until the real provider lands. */
export function createLambdaLabs(_settings: LambdaLabsSettings = {}): LambdaLabsProvider {
  return createStubProvider({
    id: 'lambda-labs',
    capabilities: LAMBDA_LABS_CAPABILITIES,
    docsUrl: LAMBDA_LABS_DOCS_URL,
    reason:
      'The Lambda Labs provider is not implemented yet; this stub reserves its name so call sites will not change.',
  });
}

/** The default instance. */
export const lambdaLabs: LambdaLabsProvider = createLambdaLabs();
