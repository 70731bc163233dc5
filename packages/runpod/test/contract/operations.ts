import type { Exchange } from './recorder.js';
import { findOperation } from './spec-validator.js';

/** Every spec operation the provider calls, as `api METHOD template`. */
export const PROVIDER_OPERATIONS = [
  'rest POST /v2/pods',
  'rest GET /v2/pods',
  'rest GET /v2/pods/{id}',
  'rest DELETE /v2/pods/{id}',
  'rest POST /v2/pods/{id}/action',
  'rest GET /v2/pods/{id}/logs',
  'rest GET /v2/catalog/gpus',
  'rest GET /v2/catalog/cpus',
  'rest GET /v2/catalog/datacenters',
  'rest GET /v2/templates',
  'rest POST /v2/templates',
  'rest GET /v2/templates/{id}',
  'rest DELETE /v2/templates/{id}',
  'rest GET /v2/network-volumes',
  'rest POST /v2/network-volumes',
  'rest GET /v2/network-volumes/{id}',
  'rest DELETE /v2/network-volumes/{id}',
  'rest GET /v2/serverless',
  'rest POST /v2/serverless',
  'rest GET /v2/serverless/{id}',
  'rest PATCH /v2/serverless/{id}',
  'rest DELETE /v2/serverless/{id}',
  'rest GET /v2/billing',
  'rest GET /v2/billing/pods',
  'rest GET /v2/billing/serverless',
  'rest GET /v2/billing/endpoints',
  'rest GET /v2/billing/network-volumes',
  'runtime POST /{endpointId}/run',
  'runtime POST /{endpointId}/runsync',
  'runtime GET /{endpointId}/status/{jobId}',
  'runtime GET /{endpointId}/stream/{jobId}',
  'runtime POST /{endpointId}/cancel/{jobId}',
  'runtime POST /{endpointId}/retry/{jobId}',
  'runtime POST /{endpointId}/purge-queue',
  'runtime GET /{endpointId}/health',
] as const;

/** Every operation the fake serves: the provider's plus a few it does not call. */
export const FAKE_OPERATIONS = [
  ...PROVIDER_OPERATIONS,
  'rest PATCH /v2/pods/{id}',
  'rest GET /v2/catalog/gpus/{id}',
  'rest GET /v2/catalog/cpus/{id}',
  'rest GET /v2/catalog/datacenters/{id}',
  'rest GET /v2/billing/clusters',
];

/** The operations of `expected` that no exchange hit. */
export function missedOperations(exchanges: readonly Exchange[], expected: readonly string[]): string[] {
  const seen = new Set(
    exchanges.map((e) => `${e.api} ${e.method} ${findOperation(e.api, e.method, e.path)?.template ?? e.path}`),
  );
  return expected.filter((op) => !seen.has(op));
}
