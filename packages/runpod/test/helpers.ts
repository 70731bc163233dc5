import type { AtlasError } from '@atlas/core';
import { rejectionFrom } from '@atlas/test-kit';
import { createRunPod, type RunPodSettings } from '../src/index.js';

export const REST = 'https://api.runpod.io';
export const RUNTIME = 'https://api.runpod.ai';
export const KEY = 'rp_test_key_0123456789abcdef';

export { useNock } from '@atlas/test-kit';

/** A provider that never retries (so each mock answers exactly one request) unless told otherwise. */
export function provider(settings: RunPodSettings = {}) {
  return createRunPod({ apiKey: KEY, retry: { limit: 0 }, ...settings });
}

/** A pod as REST v2 returns it (the spec's example, trimmed), with overrides. */
export function pod(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'pod123abc',
    name: 'atlas-test',
    image: 'runpod/pytorch:2.4',
    args: '',
    disk: 50,
    ports: ['8000/http', '22/tcp'],
    env: { SECRET_THING: 'hunter2-secret-value' },
    registry: null,
    status: 'RUNNING',
    actions: ['stop', 'restart', 'terminate'],
    mounts: {},
    gpu: { id: 'NVIDIA GeForce RTX 4090', count: 1 },
    cloud: 'SECURE',
    dataCenterId: 'US-KS-2',
    cudaVersion: '12.8',
    ssh: null,
    template: null,
    cost: 0.44,
    locked: false,
    globalNetworking: { enabled: false },
    runtime: { uptime: 60, ports: [{ private: 22, public: 34446, type: 'tcp', ip: '195.26.233.3' }] },
    createdAt: '2026-06-01T12:00:00Z',
    startedAt: '2026-06-01T12:02:00Z',
    ...overrides,
  };
}

export function problem(status: number, title: string, detail: string, errors?: string[]) {
  return { title, status, detail, ...(errors === undefined ? {} : { errors }) };
}

export const PROBLEM_JSON = { 'content-type': 'application/problem+json' };

/** Awaits a rejection and checks that it is an AtlasError from runpod. */
export const rejection = (promise: Promise<unknown>): Promise<AtlasError> => rejectionFrom('runpod', promise);

/** Collects an async iterable (with a safety cap, so a bug cannot loop forever). */
export async function collect<T>(iterable: AsyncIterable<T>, max = 1000): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * A reply that arrives after `ms`. nock's own `.delay()` trips an undici assertion when the request
 * is aborted while delayed, so the wait lives in the reply callback.
 */
export function slowReply(ms: number, status: number, body: unknown): () => Promise<[number, unknown]> {
  return () => new Promise((resolve) => setTimeout(() => resolve([status, body]), ms));
}
