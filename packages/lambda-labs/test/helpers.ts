import type { AtlasError } from '@atlas/core';
import { rejectionFrom } from '@atlas/test-kit';
import { createLambdaLabs, type LambdaLabsSettings } from '../src/index.js';

export const API = 'https://cloud.lambda.ai';
export const BASE = '/api/v1';
export const KEY = 'secret_atlas-test_0123456789abcdef';

export { useNock } from '@atlas/test-kit';

/** A provider that never retries (each mock answers one request) and never waits between launches. */
export function provider(settings: LambdaLabsSettings = {}) {
  return createLambdaLabs({ apiKey: KEY, retry: { limit: 0 }, launchIntervalMs: 0, ...settings });
}

export function instanceType(name: string, gpus: number, cents: number, description = `${gpus}x GPU (80 GB SXM5)`) {
  return {
    name,
    description,
    gpu_description: description.replace(/^\d+x /, ''),
    price_cents_per_hour: cents,
    specs: { vcpus: 26 * gpus, memory_gib: 225 * gpus, storage_gib: 2816 * gpus, gpus },
  };
}

/** An instance as Lambda returns it (the spec's example, trimmed), with overrides. */
export function instance(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '0920582c7ff041399e34823a0be62549',
    name: 'atlas-test',
    ip: '198.51.100.2',
    private_ip: '10.0.2.100',
    status: 'active',
    ssh_key_names: ['atlas'],
    file_system_names: [],
    region: { name: 'us-south-2', description: 'North Texas, USA' },
    instance_type: instanceType('gpu_1x_h100_sxm5', 1, 329),
    hostname: '198-51-100-2',
    jupyter_token: '03b7d30d9d3e4d8fa41657bc0d478c1b',
    jupyter_url: 'https://jupyter-249e.lambdaspaces.com/?token=03b7d30d9d3e4d8fa41657bc0d478c1b',
    actions: {
      migrate: { available: false },
      rebuild: { available: true },
      restart: { available: true },
      cold_reboot: { available: true },
      terminate: { available: true },
    },
    tags: [
      { key: 'atlas-attempt', value: 'aaaaaaaaaaaaaaaa' },
      { key: 'atlas-ports', value: '8000/http,22/tcp' },
      { key: 'atlas-image', value: 'ghcr.io/me/infer:1' },
    ],
    firewall_rulesets: [{ id: 'fw1' }],
    ...overrides,
  };
}

export function lambdaError(code: string, message: string, suggestion?: string) {
  return { error: { code, message, ...(suggestion === undefined ? {} : { suggestion }) } };
}

/** Awaits a rejection and checks that it is an AtlasError from lambda-labs. */
export const rejection = (promise: Promise<unknown>): Promise<AtlasError> => rejectionFrom('lambda-labs', promise);
