import { type AtlasError, createAtlas, isAtlasError, type Provider } from '@atlas/core';
import { createRunPod, type RunPodProvider, type RunPodSettings } from '@atlas/runpod';
import { type RunPodFake, type RunPodFakeOptions, startRunPodFake } from '@atlas/runpod/testing';
import { countingFetch } from './counting-fetch.js';

export interface RunPodRig {
  readonly fake: RunPodFake;
  readonly provider: RunPodProvider;
  /** Requests that left the client (both APIs), whatever became of them. */
  requests(): number;
  close(): Promise<void>;
}

/**
 * The real @atlas/runpod provider pointed at its stateful fake, with a fetch that counts every
 * request it sends: "zero requests" means zero here, not only zero reaching a route the fault
 * injector knows.
 */
export async function startRunPodRig(
  options: RunPodFakeOptions = {},
  settings: Omit<RunPodSettings, 'baseUrl' | 'runtimeBaseUrl' | 'fetch'> = {},
  /** Answers a request instead of the fake when it returns a Response (a server that echoes what it got). */
  intercept?: (request: Request) => Promise<Response | undefined>,
): Promise<RunPodRig> {
  const fake = await startRunPodFake({
    provisioningMs: 20,
    startingMs: 20,
    jobQueueMs: 5,
    jobDurationMs: 30,
    ...options,
  });
  const { fetch, requests } = countingFetch(async (input, init) => {
    if (intercept !== undefined) {
      const answer = await intercept(new Request(input, init));
      if (answer !== undefined) return answer;
    }
    return globalThis.fetch(input, init);
  });
  const provider = createRunPod({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    runtimeBaseUrl: fake.runtimeUrl,
    fetch,
    ...settings,
  });
  return { fake, provider, requests, close: () => fake.close() };
}

/** The same provider as its callers reach it: directly, or through createAtlas. */
export const WAYS = ['direct', 'createAtlas'] as const;
export type Way = (typeof WAYS)[number];

/** A provider-shaped view whose every contract call goes through createAtlas when asked. */
export function via<P extends Provider>(provider: P, way: Way): P {
  if (way === 'direct') return provider;
  const atlas = createAtlas({ providers: { [provider.id]: provider }, defaultProvider: provider.id });
  const view: Record<string, unknown> = { ...(provider as unknown as Record<string, unknown>) };
  for (const method of [
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
    'logs',
  ] as const) {
    const target = (atlas as unknown as Record<string, unknown>)[method];
    if (
      typeof target === 'function' &&
      typeof (provider as unknown as Record<string, unknown>)[method] === 'function'
    ) {
      view[method] = (...args: unknown[]) => (target as (...a: unknown[]) => unknown).apply(atlas, args);
    }
  }
  return view as P;
}

/** The rejection of a call (a promise, or the first step of a stream); fails if it resolves. */
export async function rejectionOf(call: () => unknown): Promise<AtlasError> {
  let outcome: unknown;
  try {
    outcome = call();
    if (outcome !== null && typeof outcome === 'object' && Symbol.asyncIterator in outcome) {
      const iterator = (outcome as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      for (;;) if ((await iterator.next()).done) break;
    } else {
      await outcome;
    }
  } catch (error) {
    if (isAtlasError(error)) return error;
    throw new Error(`rejected with something other than an AtlasError: ${describeThrown(error)}`, { cause: error });
  }
  throw new Error('resolved, expected a rejection');
}

/** A call's outcome as data: a value, or an error that must be an AtlasError. */
export async function settle(
  call: () => unknown,
): Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }> {
  try {
    const outcome = call();
    if (outcome !== null && typeof outcome === 'object' && Symbol.asyncIterator in outcome) {
      const items: unknown[] = [];
      for await (const item of outcome as AsyncIterable<unknown>) items.push(item);
      return { ok: true, value: items };
    }
    return { ok: true, value: await outcome };
  } catch (error) {
    return { ok: false, error };
  }
}

/** What a non-AtlasError rejection was, for the failure message. */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) return `${error.constructor.name}: ${error.message}`;
  return typeof error === 'string' ? `string ${JSON.stringify(error)}` : typeof error;
}
