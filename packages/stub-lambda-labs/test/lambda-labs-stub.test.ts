import { describeStubConformance, expectRejects } from '@atlas/conformance';
import { describe, expect, it } from 'vitest';
import { createLambdaLabs, LAMBDA_LABS_DOCS_URL, lambdaLabs } from '../src/index.js';

describeStubConformance({ factory: () => createLambdaLabs() });

describe('@atlas/stub-lambda-labs message', () => {
  it('says the provider is not implemented yet and links the Lambda docs', async () => {
    const error = await expectRejects(
      () => lambdaLabs.getCompute('0920582c7ff041399e34823a0be62549'),
      ['unsupported'],
      'lambda-labs',
      'the stub',
    );
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
