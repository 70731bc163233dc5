import { describeStubConformance } from '@atlas/conformance';
import { type AtlasError, isAtlasError } from '@atlas/core';
import { describe, expect, it } from 'vitest';
import { createLambdaLabs, LAMBDA_LABS_DOCS_URL, lambdaLabs } from '../src/index.js';

describeStubConformance({ factory: () => createLambdaLabs() });

async function rejection(promise: Promise<unknown>): Promise<AtlasError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAtlasError(error)) throw new Error(`expected an AtlasError, got ${String(error)}`);
  return error;
}

describe('@atlas/stub-lambda-labs message', () => {
  it('says the provider is not implemented yet and links the Lambda docs', async () => {
    const error = await rejection(lambdaLabs.getCompute('0920582c7ff041399e34823a0be62549'));
    expect(error.kind).toBe('unsupported');
    expect(error.provider).toBe('lambda-labs');
    expect(error.message).toContain('not implemented yet');
    expect(error.message).toContain(LAMBDA_LABS_DOCS_URL);
  });

  it('declares no stop_start, because Lambda instances can only be restarted or terminated', () => {
    expect(createLambdaLabs().capabilities).not.toContain('stop_start');
    expect(lambdaLabs.capabilities).toContain('gpu_catalog');
  });
});
