import { randomUUID } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { type Compute, computeSecrets, createAtlas, isAtlasError } from '../src/index.js';
import { declareSecrets, defineProvider, lazyRaw, redactText, scrubRaw } from '../src/provider/index.js';

/** A fresh value no other test registered. */
const canary = (label: string) => `${label}-${randomUUID()}`;

/** A native machine body, as a cloud returns it: env values, and a field that is not a secret. */
function nativeBody() {
  return { id: 'm-1', name: 'atlas-app-s1', env: { HF_TOKEN: canary('hf'), DEBUG: '1', MODEL: canary('model') } };
}

/** A translation as providers write it: fields, lazy scrubbed raw, then the env values declared. */
function toCompute(body: ReturnType<typeof nativeBody>): Compute {
  const compute = lazyRaw<Compute>(
    { id: body.id, provider: 'acme', status: 'running', name: body.name, gpuCount: 1, ports: [] },
    () => scrubRaw(body),
  );
  return declareSecrets(compute, () => Object.values(body.env));
}

describe('declareSecrets / computeSecrets', () => {
  it('attach what a translation read, out of every field, JSON, spread and print', () => {
    const body = nativeBody();
    const compute = toCompute(body);
    expect(computeSecrets(compute)).toEqual([body.env.HF_TOKEN, body.env.MODEL]);
    expect(Object.keys(compute)).toEqual(['id', 'provider', 'status', 'name', 'gpuCount', 'ports', 'raw']);
    // No hidden property either: lazyRaw's print hook is the only symbol.
    expect(Object.getOwnPropertySymbols(compute).map(String)).toEqual(['Symbol(nodejs.util.inspect.custom)']);
    for (const text of [
      JSON.stringify(compute),
      inspect(compute, { depth: 10 }),
      JSON.stringify(structuredClone(compute)),
    ]) {
      expect(text).not.toContain(body.env.HF_TOKEN);
      expect(text).not.toContain(body.env.MODEL);
    }
    // A copy is a new object: it carries nothing until declared again.
    expect(computeSecrets({ ...compute })).toEqual([]);
  });

  it('read the declaration once, keeping strings long enough to redact, trimmed and once each', () => {
    let reads = 0;
    const long = canary('value');
    const compute = declareSecrets({ id: 'm-2' }, () => {
      reads++;
      return [`  ${long}\n`, long, 'short', 12345678, null, undefined, { nested: long }];
    });
    expect(reads).toBe(0);
    expect(computeSecrets(compute)).toEqual([long]);
    expect(computeSecrets(compute)).toEqual([long]);
    expect(reads).toBe(1);
    expect(Object.isFrozen(computeSecrets(compute))).toBe(true);
  });

  it('are empty for anything that declared none', () => {
    for (const value of [{}, [], null, undefined, 'text', 42]) expect(computeSecrets(value)).toEqual([]);
  });
});

describe('the boundary and declared secrets', () => {
  function acme(body: ReturnType<typeof nativeBody>, read?: () => Iterable<unknown>) {
    return defineProvider({
      id: 'acme',
      capabilities: [],
      unsupported: { stop: 'no', start: 'no' },
      operations: {
        spawnCompute: async () => toCompute(body),
        getCompute: async () => (read === undefined ? toCompute(body) : declareSecrets(toCompute(body), read)),
        listCompute: async () => [toCompute(body)],
        terminate: async () => {},
      },
    });
  }

  it('registers what getCompute declared, directly and through createAtlas, and hands it on', async () => {
    for (const way of ['direct', 'atlas'] as const) {
      const body = nativeBody();
      const provider = acme(body);
      expect(redactText(`echo ${body.env.HF_TOKEN}`)).toContain(body.env.HF_TOKEN);
      const compute =
        way === 'direct'
          ? await provider.getCompute('m-1')
          : await createAtlas({ providers: { acme: provider } }).getCompute('m-1');
      expect(redactText(`echo ${body.env.HF_TOKEN} and ${body.env.MODEL}`)).toBe('echo [redacted] and [redacted]');
      expect(computeSecrets(compute)).toEqual([body.env.HF_TOKEN, body.env.MODEL]);
    }
  });

  it('registers what spawnCompute declared', async () => {
    const body = nativeBody();
    await acme(body).spawnCompute({ gpu: 'h100', image: 'x' });
    expect(redactText(body.env.MODEL)).toBe('[redacted]');
  });

  it("leaves a list's secrets attached, not registered (thousands would flood the registry)", async () => {
    const body = nativeBody();
    const [compute] = await acme(body).listCompute();
    expect(computeSecrets(compute)).toEqual([body.env.HF_TOKEN, body.env.MODEL]);
    expect(redactText(body.env.HF_TOKEN)).toBe(body.env.HF_TOKEN);
  });

  it('turns a declaration that throws into an AtlasError naming the provider', async () => {
    const error = await acme(nativeBody(), () => {
      throw new TypeError('env is not iterable');
    })
      .getCompute('m-1')
      .catch((e: unknown) => e);
    expect(isAtlasError(error) && error.provider === 'acme').toBe(true);
  });
});
