import { describeStubConformance } from '@atlas/conformance';
import { type AtlasError, isAtlasError } from '@atlas/core';
import { describe, expect, it } from 'vitest';
import { createVast, VAST_DOCS_URL, vast } from '../src/index.js';

describeStubConformance({ factory: () => createVast() });

async function rejection(promise: Promise<unknown>): Promise<AtlasError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAtlasError(error)) throw new Error(`expected an AtlasError, got ${String(error)}`);
  return error;
}

describe('@atlas/stub-vast message', () => {
  it('says the provider is not implemented yet and links the Vast.ai docs', async () => {
    const error = await rejection(vast.terminate('12345678'));
    expect(error.kind).toBe('unsupported');
    expect(error.provider).toBe('vast');
    expect(error.message).toContain('not implemented yet');
    expect(error.message).toContain(VAST_DOCS_URL);
  });

  it('declares stop_start and spot, which Vast.ai offers', () => {
    expect(createVast().capabilities).toEqual(expect.arrayContaining(['stop_start', 'spot']));
    expect(vast.capabilities).not.toContain('serverless');
  });
});
