import { type HttpClient, parseId } from '@atlas/core/provider';
import { type EndpointHealth, HealthSchema, type PurgeQueueResult, PurgeQueueSchema } from '../api/jobs.js';
import { PROVIDER_ID } from '../settings.js';
import { endpointPath } from './paths.js';

/** `POST /purge-queue`: drops queued jobs (running ones continue). Purging twice is harmless. */
export async function purgeQueue(client: HttpClient, endpoint: string): Promise<PurgeQueueResult> {
  return client.request({
    method: 'POST',
    path: endpointPath(parseId(endpoint, 'endpoint', PROVIDER_ID), 'purge-queue'),
    schema: PurgeQueueSchema,
    idempotent: true,
  });
}

/** `GET /health`: job counts and worker states of one endpoint. */
export async function endpointHealth(client: HttpClient, endpoint: string): Promise<EndpointHealth> {
  return client.request({
    method: 'GET',
    path: endpointPath(parseId(endpoint, 'endpoint', PROVIDER_ID), 'health'),
    schema: HealthSchema,
  });
}
