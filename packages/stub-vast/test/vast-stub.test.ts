import { describeStubConformance, expectRejects } from '@atlas/conformance';
import { describe, expect, it } from 'vitest';
import { createVast, VAST_DOCS_URL, vast } from '../src/index.js';

describeStubConformance({ factory: () => createVast() });

describe('@atlas/stub-vast message', () => {
  it('says the provider is not implemented yet and links the Vast.ai docs', async () => {
    const error = await expectRejects(() => vast.terminate('12345678'), ['unsupported'], 'vast', 'the stub');
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
