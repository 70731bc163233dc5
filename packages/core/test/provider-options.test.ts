import { describe, expect, it } from 'vitest';
import type { AtlasError } from '../src/index.js';
import { applyProviderOptions, deepMergeOptions, ownedOptionIssues } from '../src/provider/index.js';

const OWNED = ['name', 'image', 'gpu.id', 'gpu.count', 'ports', 'env.ATLAS_PRESHARED_KEY'];
const body = () => ({
  name: 'job-7',
  image: 'x',
  gpu: { id: 'NVIDIA L4', count: 1 },
  env: { A: 'a', ATLAS_PRESHARED_KEY: 'minted' },
});

function rejected(run: () => unknown): AtlasError {
  try {
    run();
  } catch (error) {
    return error as AtlasError;
  }
  throw new Error('expected a throw');
}

describe('deepMergeOptions', () => {
  it('merges nested objects key by key: the GPU keeps its id and count', () => {
    const merged = deepMergeOptions(body(), { gpu: { allowedCudaVersions: ['12.8'] }, globalNetworking: true });
    expect(merged.gpu).toEqual({ id: 'NVIDIA L4', count: 1, allowedCudaVersions: ['12.8'] });
    expect(merged).toMatchObject({ name: 'job-7', globalNetworking: true });
  });

  it('arrays and scalars replace; undefined sets nothing; inputs are not changed', () => {
    const base = { ...body(), dataCenterIds: ['A'] };
    const options = { dataCenterIds: ['B'], image: undefined };
    const merged = deepMergeOptions(base, options);
    expect(merged.dataCenterIds).toEqual(['B']);
    expect(merged.image).toBe('x');
    expect(base.dataCenterIds).toEqual(['A']);
    expect(body().gpu).toEqual({ id: 'NVIDIA L4', count: 1 });
  });

  it('a __proto__ key reaches no prototype', () => {
    const merged = deepMergeOptions(
      body(),
      JSON.parse('{"__proto__": {"polluted": true}, "gpu": {"__proto__": {"x": 1}}}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((merged as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(merged.gpu)).toBe(Object.prototype);
  });
});

describe('applyProviderOptions: owned fields', () => {
  it.each([
    [{ name: 'other' }, 'providerOptions.name'],
    [{ image: 'evil' }, 'providerOptions.image'],
    [{ gpu: { id: 'NVIDIA H100' } }, 'providerOptions.gpu.id'],
    [{ gpu: { count: 8 } }, 'providerOptions.gpu.count'],
    [{ gpu: 'NVIDIA H100' }, 'providerOptions.gpu'],
    [{ ports: ['22/tcp'] }, 'providerOptions.ports'],
    [{ env: { ATLAS_PRESHARED_KEY: 'mine' } }, 'providerOptions.env.ATLAS_PRESHARED_KEY'],
  ])('%j is refused as validation naming %s', (options, path) => {
    const error = rejected(() => applyProviderOptions(body(), options, { provider: 'p', owned: OWNED }));
    expect(error.kind).toBe('validation');
    expect(error.provider).toBe('p');
    expect(error.issues.map((issue) => issue.path)).toEqual([path]);
    expect(error.message).toContain(path);
  });

  it('what is not owned passes and merges: env keys beside the injected one, GPU extras', () => {
    const merged = applyProviderOptions(
      body(),
      { env: { B: 'b' }, gpu: { minCudaVersion: '12.1' } },
      { provider: 'p', owned: OWNED },
    );
    expect(merged.env).toEqual({ A: 'a', ATLAS_PRESHARED_KEY: 'minted', B: 'b' });
    expect(merged.gpu).toEqual({ id: 'NVIDIA L4', count: 1, minCudaVersion: '12.1' });
  });

  it('names every problem at once, prototype keys included', () => {
    const issues = ownedOptionIssues(JSON.parse('{"name": "x", "ports": [], "env": {"__proto__": {}}}'), OWNED);
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'providerOptions.env.__proto__',
      'providerOptions.name',
      'providerOptions.ports',
    ]);
    expect(ownedOptionIssues(undefined, OWNED)).toEqual([]);
  });
});
