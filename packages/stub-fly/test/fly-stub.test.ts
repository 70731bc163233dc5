import { describeStubConformance, expectRejects } from '@atlas/conformance';
import { describe, expect, it } from 'vitest';
import { createFly, FLY_DOCS_URL, fly } from '../src/index.js';

describeStubConformance({ factory: () => createFly() });

describe('@atlas/stub-fly message', () => {
  it('says that Fly retired GPU Machines on 2026-07-31 and links the Fly docs', async () => {
    const error = await expectRejects(() => fly.getCompute('1857156b526dd8'), ['unsupported'], 'fly', 'the stub');
    expect(error.kind).toBe('unsupported');
    expect(error.provider).toBe('fly');
    expect(error.message).toContain('retired GPU Machines on 2026-07-31');
    expect(error.message).toContain(FLY_DOCS_URL);
  });

  it('points at a provider that does offer GPUs', async () => {
    const error = await expectRejects(
      () => createFly({ apiKey: 'fo1_unused_key_for_the_stub' }).listCompute(),
      ['unsupported'],
      'fly',
      'the stub',
    );
    expect(error.message).toContain('@atlas/runpod');
  });

  it('declares what a Fly Machines provider would offer, and no GPU catalog', () => {
    expect(fly.capabilities).toEqual(['stop_start', 'http_proxy', 'raw_tcp', 'global_networking']);
    expect(fly.capabilities).not.toContain('gpu_catalog');
  });
});
