/**
 * Test helpers every provider package uses in the same way, kept once (providers never import each
 * other). Private: a devDependency of the provider packages, never published.
 */
import { type AtlasError, isAtlasError } from '@atlas/core';
import nock from 'nock';
import { afterEach, beforeAll, expect } from 'vitest';

/** nock for every test of a file: no real network, and every mock consumed. */
export function useNock(): void {
  beforeAll(() => {
    nock.disableNetConnect();
  });
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending, 'nock mocks not consumed').toEqual([]);
  });
}

/** One HTTP exchange as seen on the wire, for validation against the cloud's spec afterwards. */
export interface Exchange {
  method: string;
  path: string;
  query: URLSearchParams;
  requestBody: unknown;
  status: number;
  contentType: string | null;
  body: unknown;
}

function parse(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A fetch that records every exchange (a provider takes it as its `fetch` setting or CallContext.fetch). */
export function recordingFetch(exchanges: Exchange[], inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const requestText = request.body ? await request.clone().text() : '';
    const response = await inner(request);
    const text = await response
      .clone()
      .text()
      .catch(() => '');
    exchanges.push({
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      requestBody: parse(requestText),
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: parse(text),
    });
    return response;
  };
}
export { type CloudWithFake, NO_CAPACITY } from './no-capacity.js';
export { ajvErrors, createSpecSchemas, type Json, type SpecSchemas, type ValidateFunction } from './spec-schemas.js';

/** Awaits a rejection and checks that it is an AtlasError from `provider` (so a bare TypeError fails the test). */
export async function rejectionFrom(provider: string, promise: Promise<unknown>): Promise<AtlasError> {
  try {
    await promise;
  } catch (error) {
    expect(isAtlasError(error), `not an AtlasError: ${String(error)}`).toBe(true);
    const atlas = error as AtlasError;
    expect(atlas.provider).toBe(provider);
    return atlas;
  }
  throw new Error('expected a rejection');
}
