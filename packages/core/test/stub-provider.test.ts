import { describe, expect, it } from 'vitest';
import { type AtlasError, type Capability, createAtlas, spawnCompute } from '../src/index.js';
import { CAPABILITY_METHODS, createStubProvider } from '../src/provider/index.js';
import { rejection } from './atlas-helpers.js';

const DOCS = 'https://example.com/docs/nimbus';
const REASON = 'Nimbus retired its GPU API on 2026-07-31';

function expectClearUnsupported(error: AtlasError, operation: string): void {
  expect(error.kind).toBe('unsupported');
  expect(error.provider).toBe('nimbus');
  expect(error.retryable).toBe(false);
  expect(error.message).toContain('nimbus');
  expect(error.message).toContain(operation);
  expect(error.message).toContain(REASON);
  expect(error.message).toContain(DOCS);
}

describe('createStubProvider', () => {
  const stub = createStubProvider({
    id: 'nimbus',
    capabilities: ['serverless', 'gpu_catalog', 'stop_start'],
    docsUrl: DOCS,
    reason: REASON,
  });

  it('rejects every compute operation with a clear `unsupported` error', async () => {
    expectClearUnsupported(
      await rejection(stub.spawnCompute({ gpu: 'h100', gpuCount: 1, image: 'x', ports: [], env: {}, auth: 'none' })),
      'spawnCompute',
    );
    expectClearUnsupported(await rejection(stub.getCompute('c-1')), 'getCompute');
    expectClearUnsupported(await rejection(stub.listCompute({})), 'listCompute');
    expectClearUnsupported(await rejection(stub.stop('c-1')), 'stop');
    expectClearUnsupported(await rejection(stub.start('c-1')), 'start');
    expectClearUnsupported(await rejection(stub.terminate('c-1')), 'terminate');
  });

  it('rejects the serverless and catalog operations it declares', async () => {
    const ref = { endpoint: 'ep', id: 'j' };
    expectClearUnsupported(await rejection(stub.runJob!({ endpoint: 'ep', input: 1, mode: 'async' })), 'runJob');
    expectClearUnsupported(await rejection(stub.getJob!(ref)), 'getJob');
    expectClearUnsupported(await rejection(stub.cancelJob!(ref)), 'cancelJob');
    expectClearUnsupported(await rejection(stub.listGpuTypes!()), 'listGpuTypes');
  });

  it('returns a stream that yields nothing and rejects when iterated', async () => {
    const seen: unknown[] = [];
    const error = await rejection(
      (async () => {
        for await (const chunk of stub.streamJob!({ endpoint: 'ep', id: 'j' })) seen.push(chunk);
      })(),
    );
    expect(seen).toEqual([]);
    expectClearUnsupported(error, 'streamJob');
  });

  it.each<[readonly Capability[]]>([
    [[]],
    [['serverless']],
    [['gpu_catalog']],
    [['serverless', 'gpu_catalog', 'spot']],
  ])('has exactly the optional methods its capabilities %j promise', (capabilities) => {
    const provider = createStubProvider({ id: 'nimbus', capabilities });
    expect(provider.capabilities).toEqual(capabilities);
    for (const [capability, methods] of Object.entries(CAPABILITY_METHODS)) {
      for (const method of methods) {
        expect(typeof (provider as unknown as Record<string, unknown>)[method]).toBe(
          capabilities.includes(capability as Capability) ? 'function' : 'undefined',
        );
      }
    }
  });

  it('explains itself without a reason or docs link', async () => {
    const bare = createStubProvider({ id: 'nimbus' });
    const error = await rejection(bare.getCompute('c-1'));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toBe(
      'nimbus is a stub provider, so getCompute is unsupported: its implementation has not landed yet.',
    );
  });

  it('works through createAtlas and the top-level functions', async () => {
    const atlas = createAtlas({ providers: { nimbus: stub } });
    expectClearUnsupported(await rejection(atlas.spawnCompute({ gpu: 'h100', image: 'x' })), 'spawnCompute');
    expectClearUnsupported(await rejection(spawnCompute({ provider: stub, gpu: 'h100', image: 'x' })), 'spawnCompute');
    expectClearUnsupported(
      await rejection(atlas.streamJob({ endpoint: 'ep', id: 'j' })[Symbol.asyncIterator]().next()),
      'streamJob',
    );
  });

  it('rejects an empty id or an unknown capability at creation', () => {
    expect(() => createStubProvider({ id: '' })).toThrow(/non-empty id/);
    expect(() => createStubProvider({ id: 'nimbus', capabilities: ['teleport' as Capability] })).toThrow(
      /unknown capabilities: teleport/,
    );
  });

  it('cannot be modified by a caller', () => {
    expect(Object.isFrozen(stub)).toBe(true);
    expect(Object.isFrozen(stub.capabilities)).toBe(true);
  });
});
