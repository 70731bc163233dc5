import { CONFORMANCE_GROUPS, describeProviderConformance } from '@atlas/conformance';
import type { CallContext, Provider } from '@atlas/core';
import { createRunPod } from '@atlas/runpod';
import type { RunPodFake } from '@atlas/runpod/testing';
import { describe } from 'vitest';
import { controlTitle, describeMutant, mutantTitle } from './mutant.js';
import type { RunPodMutant } from './runpod-mutants.js';

function describeOnRunPod(fake: RunPodFake, mutant: RunPodMutant | undefined): void {
  let wrap: ((fetch: typeof globalThis.fetch) => typeof globalThis.fetch) | undefined;
  describeProviderConformance({
    name: 'suite',
    factory: () => {
      wrap = undefined;
      const base = createRunPod({
        apiKey: fake.apiKey,
        baseUrl: fake.url,
        runtimeBaseUrl: fake.runtimeUrl,
        retry: { limit: 2, backoffMs: 5, maxDelayMs: 20 },
      });
      if (mutant === undefined) return base;
      return mutant.mutate(base, {
        secret: fake.apiKey,
        wrapFetch: (w) => {
          wrap = w;
        },
        readEnv: (id) => fake.pods.readEnv(id) ?? {},
      });
    },
    context: (): CallContext =>
      wrap === undefined ? {} : { fetch: wrap((input, init) => globalThis.fetch(input, init)) },
    reset: () => fake.reset(),
    groups: mutant?.groups ?? CONFORMANCE_GROUPS,
    gpu: 'rtx_4090',
    image: 'runpod/pytorch:2.4',
    readEnv: (_provider: Provider, id) => fake.pods.readEnv(id) ?? {},
    faults: fake.faults,
    hooks: fake.hooks,
    ...(mutant?.faultScenarios === undefined ? {} : { faultScenarios: mutant.faultScenarios }),
    job: { endpoint: 'atlas-conformance', input: { prompt: 'atlas conformance stream check' }, chunks: 4 },
    // readyMs covers the 5 s timed-out job (RunPod's smallest executionTimeout).
    timeouts: { readyMs: 8_000, pollMs: 20, testMs: 15_000 },
  });
}

/** Registers the mutants of RunPod-on-its-fake (and, with `control`, the unmutated provider through every group). */
export function describeRunPodMutants(fake: RunPodFake, mutants: readonly RunPodMutant[], control: boolean): void {
  if (control) describe(controlTitle('runpod'), () => describeOnRunPod(fake, undefined));
  for (const mutant of mutants) describeMutant(mutantTitle('runpod', mutant.id), () => describeOnRunPod(fake, mutant));
}
