import { describe, expect, it } from 'vitest';
import { createAtlas, logs } from '../src/index.js';
import { createStubProvider } from '../src/provider/index.js';
import { createSpyProvider, rejection } from './atlas-helpers.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Rejection of the first next(): streams are lazy, so errors surface there. */
function firstLine(iterable: AsyncIterable<string>): Promise<unknown> {
  return iterable[Symbol.asyncIterator]().next();
}

describe('logs', () => {
  it('reaches a provider that declares the capability, with the options, through createAtlas and top-level', async () => {
    const spy = createSpyProvider('alpha', ['logs']);
    const atlas = createAtlas({ providers: { alpha: spy.provider } });
    expect(await collect(atlas.logs('c-7', { follow: true }))).toEqual(['c-7 line 1 (following)', 'c-7 line 2']);
    expect(await collect(logs(spy.provider, 'c-8'))).toEqual(['c-8 line 1', 'c-8 line 2']);
    expect(spy.provider.logs).toHaveBeenCalledTimes(2);
  });

  it('rejects unsupported, without calling it, when the capability is not declared', async () => {
    const spy = createSpyProvider('alpha', ['serverless']);
    const error = await rejection(firstLine(logs(spy.provider, 'c-1')));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain("'logs'");
    expect(spy.provider.logs).not.toHaveBeenCalled();
  });

  it('rejects validation for an empty id, with zero provider calls', async () => {
    const spy = createSpyProvider('alpha', ['logs']);
    const error = await rejection(firstLine(logs(spy.provider, '')));
    expect(error.kind).toBe('validation');
    expect(spy.calls()).toBe(0);
  });

  it('a stub that declares logs has a logs() that rejects unsupported', async () => {
    const stub = createStubProvider({ id: 'later', capabilities: ['logs'], reason: 'not yet' });
    expect(typeof stub.logs).toBe('function');
    const error = await rejection(firstLine(logs(stub, 'x')));
    expect(error.kind).toBe('unsupported');
    expect(createStubProvider({ id: 'none', capabilities: [] }).logs).toBeUndefined();
  });
});
