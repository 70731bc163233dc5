import { type CallContext, isCapability, type Provider } from '@atlas/core';
import { CAPABILITY_METHODS, parseComputeRequest } from '@atlas/core/provider';
import { describe, expect, it } from 'vitest';
import { lazy } from './lazy.js';
import type { StubConformanceOptions } from './options.js';
import { expectRejects } from './rejection.js';
import { CountingContext } from './settings.js';

type Call = (provider: Provider, ctx: CallContext) => unknown;

/**
 * Registers the stub suite: a provider that only reserves its name must refuse every operation
 * with AtlasError `unsupported` naming itself, without sending anything, and stay honest about
 * which optional methods it has.
 */
export function describeStubConformance<P extends Provider>(options: StubConformanceOptions<P>): void {
  const testMs = options.timeouts?.testMs ?? 30_000;
  const context = new CountingContext(options.context);
  const provider = lazy(async (): Promise<Provider> => options.factory());
  const request = parseComputeRequest({ gpu: options.gpu ?? 'h100', image: options.image ?? 'atlas/conformance:1' });
  const ref = { endpoint: 'atlas-conformance', id: 'atlas-conformance-job' };
  const required: Record<string, Call> = {
    spawnCompute: (p, ctx) => p.spawnCompute(request, ctx),
    getCompute: (p, ctx) => p.getCompute('atlas-conformance-id', ctx),
    listCompute: (p, ctx) => p.listCompute({}, ctx),
    stop: (p, ctx) => p.stop('atlas-conformance-id', ctx),
    start: (p, ctx) => p.start('atlas-conformance-id', ctx),
    terminate: (p, ctx) => p.terminate('atlas-conformance-id', ctx),
  };
  const optional: Record<string, Call> = {
    runJob: (p, ctx) => p.runJob?.({ endpoint: ref.endpoint, input: {}, mode: 'async' }, ctx),
    getJob: (p, ctx) => p.getJob?.(ref, ctx),
    cancelJob: (p, ctx) => p.cancelJob?.(ref, ctx),
    listGpuTypes: (p, ctx) => p.listGpuTypes?.(ctx),
  };
  const streams: Record<string, (provider: Provider, ctx: CallContext) => AsyncIterable<unknown> | undefined> = {
    streamJob: (p, ctx) => p.streamJob?.(ref, ctx),
    logs: (p, ctx) => p.logs?.('atlas-conformance-id', {}, ctx),
  };

  describe(options.name ?? 'stub conformance', () => {
    it('has a non-empty string id', async () => {
      const { id } = await provider();
      expect(typeof id === 'string' && id.length > 0, `id ${JSON.stringify(id)}`).toBe(true);
    });

    it('declares only known capabilities, each once', async () => {
      const { capabilities } = await provider();
      expect(
        capabilities.filter((c) => !isCapability(c)),
        'unknown capabilities',
      ).toEqual([]);
      expect(
        capabilities.filter((c, i) => capabilities.indexOf(c) !== i),
        'duplicated capabilities',
      ).toEqual([]);
    });

    for (const [capability, methods] of Object.entries(CAPABILITY_METHODS)) {
      it(`has ${methods.join(', ')} exactly when it declares ${capability}`, async () => {
        const p = await provider();
        const present = methods.filter((m) => typeof (p as unknown as Record<string, unknown>)[m] === 'function');
        const declared = p.capabilities.includes(capability as never);
        expect(present, `methods present while ${capability} is ${declared ? '' : 'not '}declared`).toEqual(
          declared ? [...methods] : [],
        );
      });
    }

    for (const [operation, call] of Object.entries(required)) {
      it(
        `${operation} rejects unsupported naming the provider`,
        async () => {
          const p = await provider();
          await expectRejects(() => call(p, context.get()), ['unsupported'], p.id, operation);
        },
        testMs,
      );
    }

    for (const [operation, call] of Object.entries(optional)) {
      it(
        `${operation}, when present, rejects unsupported naming the provider`,
        async () => {
          const p = await provider();
          if (typeof (p as unknown as Record<string, unknown>)[operation] !== 'function') return; // Covered above.
          await expectRejects(() => call(p, context.get()), ['unsupported'], p.id, operation);
        },
        testMs,
      );
    }

    for (const [operation, open] of Object.entries(streams)) {
      it(
        `${operation}, when present, yields nothing and rejects unsupported`,
        async () => {
          const p = await provider();
          const stream = open(p, context.get());
          if (stream === undefined) return; // Absent: the method-presence tests above cover it.
          const items: unknown[] = [];
          await expectRejects(() => drain(stream, items), ['unsupported'], p.id, operation);
          expect(items, `what a stub's ${operation} yielded`).toEqual([]);
        },
        testMs,
      );
    }

    it(
      'sends no HTTP request',
      async () => {
        const p = await provider();
        for (const call of [...Object.values(required), ...Object.values(optional)]) {
          await Promise.resolve(call(p, context.get())).catch(() => undefined);
        }
        for (const open of Object.values(streams)) {
          const stream = open(p, context.get());
          if (stream !== undefined) await drain(stream).catch(() => undefined);
        }
        expect(context.requests, 'requests sent through ctx.fetch').toBe(0);
      },
      testMs,
    );
  });
}

/** Reads a stream to its end (or its rejection), collecting what it yielded. */
async function drain(stream: AsyncIterable<unknown>, into: unknown[] = []): Promise<unknown[]> {
  for await (const item of stream) into.push(item);
  return into;
}
