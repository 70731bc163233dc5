import { describeStubConformance } from '@atlas/conformance';
import { AtlasError, type CallContext, type Provider } from '@atlas/core';
import { createStubProvider } from '@atlas/core/provider';
import { describe } from 'vitest';
import { controlTitle, describeMutant, type Mutant, mutantTitle, patch } from './mutant.js';

type StubMutant = Omit<Mutant, 'groups'>;

const unsupported = (p: Provider) =>
  new AtlasError({ kind: 'unsupported', provider: p.id, message: `${p.id} is a stub` });

/** Bugs of a stub provider (one that only reserves its name), for describeStubConformance. */
export const STUB_MUTANTS: readonly StubMutant[] = [
  {
    id: 'list-resolves',
    bug: 'listCompute resolves [] instead of rejecting',
    mutate: (p) => patch(p, { listCompute: async () => [] }),
  },
  {
    id: 'plain-error',
    bug: 'getCompute throws a plain Error',
    mutate: (p) =>
      patch(p, {
        getCompute: async () => {
          throw new Error('not implemented');
        },
      }),
  },
  {
    id: 'logs-yield',
    bug: 'logs yields a line before it rejects',
    mutate: (p) =>
      patch(p, {
        logs: async function* () {
          yield 'booting';
          throw unsupported(p);
        },
      }),
  },
  {
    id: 'wrong-provider',
    bug: 'errors name the base package',
    mutate: (p) =>
      patch(p, {
        spawnCompute: async () => {
          throw new AtlasError({ kind: 'unsupported', provider: 'atlas', message: 'stub' });
        },
      }),
  },
  {
    id: 'not-found-instead',
    bug: 'terminate rejects not_found',
    mutate: (p) =>
      patch(p, {
        terminate: async () => {
          throw new AtlasError({ kind: 'not_found', provider: p.id, message: 'no such compute' });
        },
      }),
  },
  {
    id: 'sends-request',
    bug: 'listCompute calls the API before giving up',
    mutate: (p) =>
      patch(p, {
        listCompute: async (_f?: unknown, ctx?: CallContext) => {
          await (ctx?.fetch ?? fetch)('http://127.0.0.1:9/').catch(() => undefined);
          throw unsupported(p);
        },
      }),
  },
  {
    id: 'method-missing',
    bug: 'declares serverless without streamJob',
    mutate: (p) => patch(p, { streamJob: undefined }),
  },
  {
    id: 'run-job-resolves',
    bug: 'runJob resolves a queued job',
    mutate: (p) =>
      patch(p, {
        runJob: async (r) => ({ id: 'job-1', endpoint: r.endpoint, provider: p.id, status: 'in_queue', raw: {} }),
      }),
  },
];

const stub = () =>
  createStubProvider({
    id: 'example-stub',
    capabilities: ['serverless', 'gpu_catalog', 'logs'],
    reason: 'not written yet',
  });

/** Registers the stub mutants (and, with `control`, the unmutated stub). */
export function describeStubMutants(control: boolean): void {
  if (control) describe(controlTitle('stub'), () => describeStubConformance({ name: 'suite', factory: stub }));
  for (const mutant of STUB_MUTANTS) {
    describeMutant(mutantTitle('stub', mutant.id), () =>
      describeStubConformance({ name: 'suite', factory: () => mutant.mutate(stub(), { secret: '' }) }),
    );
  }
}
