import { inspect } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { type CallContext, type Compute, createAtlas, getCompute, isAtlasError, type Provider } from '../src/index.js';
import { defineProvider, type ProviderOperations } from '../src/provider/index.js';
import { rejection } from './atlas-helpers.js';

const COMPUTE: Compute = { id: 'c-1', provider: 'acme', status: 'running', gpuCount: 1, ports: [], raw: {} };

function spyOperations() {
  return {
    spawnCompute: vi.fn(
      async (_request: Parameters<ProviderOperations['spawnCompute']>[0], _ctx: CallContext) => COMPUTE,
    ),
    getCompute: vi.fn(async (_id: string, _ctx: CallContext) => COMPUTE),
    listCompute: vi.fn(async (_filter: unknown, _ctx: CallContext) => [COMPUTE]),
    terminate: vi.fn(async (_id: string, _ctx: CallContext) => {}),
    logs: vi.fn(async function* (_id: string, _options: unknown, _ctx: CallContext) {
      yield 'line 1';
    }),
  };
}

function acme(operations = spyOperations()) {
  const provider = defineProvider({
    id: 'acme',
    capabilities: ['logs'],
    gpuMap: { h100: 'ACME-H100' },
    unsupported: { stop: 'Acme machines cannot be stopped', start: 'Acme machines cannot be stopped' },
    operations,
  });
  return { provider, operations };
}

/** The same calls made three ways: on the provider, through createAtlas, through a top-level function. */
const WAYS = {
  direct: (provider: Provider) => provider,
  'through createAtlas': (provider: Provider) => {
    const atlas = createAtlas({ providers: { acme: provider } });
    return {
      ...provider,
      spawnCompute: (request: never, ctx?: CallContext) => atlas.spawnCompute(request, ctx),
      getCompute: (id: string, ctx?: CallContext) => atlas.getCompute(id, ctx),
      listCompute: (filter: never, ctx?: CallContext) => atlas.listCompute(filter, ctx),
      stop: (id: string, ctx?: CallContext) => atlas.stop(id, ctx),
      start: (id: string, ctx?: CallContext) => atlas.start(id, ctx),
      terminate: (id: string, ctx?: CallContext) => atlas.terminate(id, ctx),
      logs: (id: string, options?: never, ctx?: CallContext) => atlas.logs(id, options, ctx),
    } as Provider;
  },
  'through top-level functions': (provider: Provider) =>
    ({ ...provider, getCompute: (id: string, ctx?: CallContext) => getCompute(provider, id, ctx) }) as Provider,
} as const;

const BAD_IDS: readonly [string, unknown][] = [
  ['empty', ''],
  ['blank', '   '],
  ['null', null],
  ['a number', 123],
  ['an object', {}],
  ['an array', []],
  ['a dot', '.'],
  ['two dots', '..'],
  ['a slash', 'a/b'],
  ['a backslash', 'a\\b'],
  ['a query', 'a?b=1'],
  ['a fragment', 'a#b'],
  ['a percent escape', '%2e%2e'],
  ['a tab inside', 'a\tb'],
  ['a newline', 'a\nb'],
  ['a NUL', 'a\u0000b'],
  ['a lone surrogate', 'a\uD800b'],
  ['100,000 characters', 'x'.repeat(100_000)],
];

for (const [way, view] of Object.entries(WAYS)) {
  describe(`the provider boundary, ${way}`, () => {
    it.each(BAD_IDS)(
      'refuses an id that is %s as validation naming the argument, with zero calls',
      async (_label, id) => {
        const { provider, operations } = acme();
        const error = await rejection(view(provider).getCompute(id as string));
        expect(error.kind).toBe('validation');
        expect(error.provider).toBe('acme');
        expect(error.issues[0]?.path).toBe('id');
        expect(operations.getCompute).not.toHaveBeenCalled();
      },
    );

    it('passes a good id through, trimmed of surrounding blanks', async () => {
      const { provider, operations } = acme();
      await view(provider).getCompute('  c-1 ');
      expect(operations.getCompute.mock.calls[0]?.[0]).toBe('c-1');
    });

    it('converts whatever the provider throws into an AtlasError naming the provider', async () => {
      const operations = spyOperations();
      operations.getCompute.mockRejectedValueOnce(new TypeError('boom'));
      const { provider } = acme(operations);
      const error = await rejection(view(provider).getCompute('c-1'));
      expect(error.kind).toBe('unknown');
      expect(error.provider).toBe('acme');
    });
  });
}

describe('the provider boundary on every method', () => {
  it('refuses bad ids on terminate, stop, start and logs before anything is called', async () => {
    const { provider, operations } = acme();
    for (const call of [() => provider.terminate(''), () => provider.stop('..'), () => provider.start('a/b')]) {
      expect((await rejection(call())).kind).toBe('validation');
    }
    const stream = provider.logs('', {});
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({ kind: 'validation' });
    expect(operations.terminate).not.toHaveBeenCalled();
    expect(operations.logs).not.toHaveBeenCalled();
  });

  it('refuses an unknown GPU on spawn and in a list filter alike, naming the known ones, with zero calls', async () => {
    const { provider, operations } = acme();
    const spawn = await rejection(provider.spawnCompute({ gpu: 'h1000', image: 'x' }));
    const list = await rejection(provider.listCompute({ gpu: 'h1000' }));
    for (const error of [spawn, list]) {
      expect(error.issues[0]?.path).toBe('gpu');
      expect(error.message).toContain('h100');
    }
    expect(spawn.kind).toBe(list.kind);
    expect(operations.spawnCompute).not.toHaveBeenCalled();
    expect(operations.listCompute).not.toHaveBeenCalled();
  });

  it('refuses a filter that is not an object', async () => {
    const { provider, operations } = acme();
    expect((await rejection(provider.listCompute([] as never))).kind).toBe('validation');
    expect(operations.listCompute).not.toHaveBeenCalled();
  });

  it('says why stop and start are unsupported when the provider leaves them out', async () => {
    const { provider } = acme();
    const error = await rejection(provider.stop('c-1'));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain('Acme machines cannot be stopped');
  });

  it('registers every env value, from env and from providerOptions.env, before the provider runs', async () => {
    const operations = spyOperations();
    operations.spawnCompute.mockImplementationOnce(async (request) => {
      throw new Error(`the cloud echoed ${JSON.stringify(request)}`);
    });
    const { provider } = acme(operations);
    const error = await rejection(
      provider.spawnCompute({
        gpu: 'h100',
        image: 'x',
        env: { MY_VAR: 'plain-value-0001', DB_PASS: 'hunter2-hunter2' },
        providerOptions: { env: { NATIVE: 'native-value-0002' } },
      }),
    );
    for (const secret of ['plain-value-0001', 'hunter2-hunter2', 'native-value-0002']) {
      expect(error.message).not.toContain(secret);
      expect(String(error)).not.toContain(secret);
      expect(inspect(error)).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
    }
  });

  it('registers the call API key, so an echo of it is redacted', async () => {
    const operations = spyOperations();
    operations.getCompute.mockImplementationOnce(async (_id, ctx) => {
      throw new Error(`bad key ${ctx.apiKey}`);
    });
    const { provider } = acme(operations);
    const error = await rejection(provider.getCompute('c-1', { apiKey: 'call-key-abcdef-123' }));
    expect(error.message).not.toContain('call-key-abcdef-123');
  });

  it('turns an error thrown while a stream is iterated into an AtlasError naming the provider', async () => {
    const operations = spyOperations();
    operations.logs.mockImplementationOnce(async function* () {
      yield 'first';
      throw new TypeError('socket went away');
    });
    const { provider } = acme(operations);
    const lines: string[] = [];
    const error = await (async () => {
      try {
        for await (const line of provider.logs('c-1')) lines.push(line);
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(lines).toEqual(['first']);
    expect(isAtlasError(error) && error.provider).toBe('acme');
  });

  it('gives the provider the settings under the call context, the call winning', async () => {
    const { logs: _logs, ...operations } = spyOperations();
    const provider = defineProvider({
      id: 'acme',
      capabilities: [],
      settings: { apiKey: 'settings-key-0001', timeoutMs: 1000, baseUrl: 'http://127.0.0.1:1' },
      operations,
    });
    await provider.getCompute('c-1', { timeoutMs: 5000 });
    expect(operations.getCompute.mock.calls[0]?.[1]).toMatchObject({
      apiKey: 'settings-key-0001',
      timeoutMs: 5000,
      baseUrl: 'http://127.0.0.1:1',
    });
  });

  it('links a long-lived signal to each call only while the call runs', async () => {
    const shutdown = new AbortController();
    const added = vi.spyOn(shutdown.signal, 'addEventListener');
    const removed = vi.spyOn(shutdown.signal, 'removeEventListener');
    const { provider, operations } = acme();
    const atlas = createAtlas({ providers: { acme: provider }, context: { signal: shutdown.signal } });
    for (let i = 0; i < 50; i++) await atlas.getCompute(`c-${i}`, { signal: new AbortController().signal });
    expect(added).toHaveBeenCalledTimes(50);
    expect(removed).toHaveBeenCalledTimes(50);
    let seen: AbortSignal | undefined;
    operations.getCompute.mockImplementationOnce(async (_id, ctx) => {
      seen = ctx.signal;
      shutdown.abort();
      return COMPUTE;
    });
    await atlas.getCompute('c-x', { signal: new AbortController().signal });
    expect(seen?.aborted).toBe(true);
  });

  it('refuses a definition that declares a capability without its operation, at creation', () => {
    const operations = spyOperations();
    expect(() => defineProvider({ id: 'acme', capabilities: ['serverless'], operations })).toThrow(
      /'serverless' is declared but operations.runJob is missing/,
    );
    expect(() => defineProvider({ id: 'acme', capabilities: [], operations })).toThrow(
      /operations.logs is given but 'logs' is not declared/,
    );
  });

  it('guards extras: a thrown TypeError reaches the caller as an AtlasError', async () => {
    const provider = defineProvider({
      id: 'acme',
      capabilities: [],
      operations: withoutLogs(),
      extras: () => ({
        templates: {
          list: async (): Promise<string[]> => {
            throw new TypeError('x is undefined');
          },
        },
      }),
    });
    const error = await rejection(provider.templates.list());
    expect(error.provider).toBe('acme');
    expect(error.message).toContain('templates.list');
  });
});

function withoutLogs() {
  const { logs: _logs, ...operations } = spyOperations();
  return operations;
}

describe('synchronous extras', () => {
  it('stay synchronous, and throw an AtlasError at once', () => {
    const provider = defineProvider({
      id: 'acme',
      capabilities: [],
      operations: withoutLogs(),
      extras: () => ({
        count: () => 3,
        broken: (): number => {
          throw new TypeError('oops');
        },
      }),
    });
    expect(provider.count()).toBe(3);
    expect(() => provider.broken()).toThrow(expect.objectContaining({ name: 'AtlasError', provider: 'acme' }));
  });
});

describe('log options', () => {
  it.each([[{ tail: -1 }], [{ tail: 1.5 }], [{ follow: 'yes' }], [[]]])(
    'refuses %j before the provider runs',
    async (options) => {
      const { provider, operations } = acme();
      const stream = provider.logs('c-1', options as never);
      await expect(stream[Symbol.asyncIterator]().next()).rejects.toMatchObject({ kind: 'validation' });
      expect(operations.logs).not.toHaveBeenCalled();
    },
  );
});
