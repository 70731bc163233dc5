import nock from 'nock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { AtlasError } from '../src/errors/atlas-error.js';
import type { HttpRequestEvent, HttpResponseEvent, HttpRetryEvent } from '../src/http/events.js';

export const BASE = 'https://api.example.test/v1';

/** nock with the network off; every test starts and ends with no interceptors. */
export function useNock(): void {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());
}

/** The rejection of a promise, asserted to be an AtlasError. */
export async function rejectionOf(promise: Promise<unknown>): Promise<AtlasError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AtlasError) return error;
    throw new Error(`expected an AtlasError, got ${String(error)}`);
  }
  throw new Error('expected a rejection, the promise resolved');
}

/**
 * A reset socket. nock 15 hangs fetch when replyWithError gets a plain object, so pass an Error
 * carrying the code (what Node itself would raise).
 */
export function resetError(): Error {
  return Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
}

/**
 * A reply that arrives after `ms`. nock's own `.delay()` trips an undici assertion (an uncaught
 * exception) when the request is aborted while delayed, so the wait lives in the reply callback.
 */
export function slowReply(ms: number, status = 200, body: unknown = {}): () => Promise<[number, unknown]> {
  return () => new Promise((resolve) => setTimeout(() => resolve([status, body]), ms));
}

/** Hooks that record every event, for assertions on telemetry. */
export function recordingHooks() {
  const events: { requests: HttpRequestEvent[]; responses: HttpResponseEvent[]; retries: HttpRetryEvent[] } = {
    requests: [],
    responses: [],
    retries: [],
  };
  return {
    events,
    hooks: {
      onRequest: (e: HttpRequestEvent) => events.requests.push(e),
      onResponse: (e: HttpResponseEvent) => events.responses.push(e),
      onRetry: (e: HttpRetryEvent) => events.retries.push(e),
    },
  };
}

/** Small delays so that retry tests run fast; no test asserts a timing. */
export const FAST_RETRY = { limit: 2, backoffMs: 1, maxDelayMs: 5 } as const;
