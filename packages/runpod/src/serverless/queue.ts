import { AtlasError } from '@atlas/core';
import type { HttpClient } from '@atlas/core/provider';
import { type EndpointHealth, HealthSchema, type PurgeQueueResult, PurgeQueueSchema } from '../api/jobs.js';
import { PROVIDER_ID } from '../settings.js';
import { endpointPath } from './paths.js';

/** `POST /purge-queue`: drops queued jobs (running ones continue). Purging twice is harmless. */
export async function purgeQueue(client: HttpClient, endpoint: string): Promise<PurgeQueueResult> {
  return client.request({
    method: 'POST',
    path: endpointPath(requireEndpoint(endpoint), 'purge-queue'),
    schema: PurgeQueueSchema,
    idempotent: true,
  });
}

/** `GET /health`: job counts and worker states of one endpoint. */
export async function endpointHealth(client: HttpClient, endpoint: string): Promise<EndpointHealth> {
  return client.request({
    method: 'GET',
    path: endpointPath(requireEndpoint(endpoint), 'health'),
    schema: HealthSchema,
  });
}

export function requireEndpoint(endpoint: unknown): string {
  if (typeof endpoint === 'string' && endpoint.trim() !== '') return endpoint.trim();
  throw new AtlasError({
    kind: 'validation',
    provider: PROVIDER_ID,
    message: 'Invalid endpoint: must be a non-empty endpoint id',
    issues: [{ path: 'endpoint', message: 'must be a non-empty endpoint id' }],
  });
}
