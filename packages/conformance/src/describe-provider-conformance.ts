import type { Capability, Provider } from '@atlas/core';
import { describe, it } from 'vitest';
import { FAULT_SCENARIOS } from './faults.js';
import { authGroup } from './groups/auth.js';
import { catalogGroup } from './groups/catalog.js';
import { contractGroup } from './groups/contract.js';
import { cpuGroup } from './groups/cpu.js';
import { errorsGroup } from './groups/errors.js';
import { faultsGroup } from './groups/faults.js';
import { lifecycleGroup } from './groups/lifecycle.js';
import { rawGroup } from './groups/raw.js';
import { serverlessGroup } from './groups/serverless.js';
import { setUpGroup } from './harness.js';
import type { ConformanceGroup, ProviderConformanceOptions } from './options.js';

function defaultGroups(capabilities: readonly Capability[], hasFaults: boolean): ConformanceGroup[] {
  return [
    'contract',
    'lifecycle',
    'auth',
    'errors',
    'raw',
    ...(capabilities.includes('serverless') ? (['serverless'] as const) : []),
    ...(capabilities.includes('gpu_catalog') ? (['catalog'] as const) : []),
    ...(capabilities.includes('cpu') ? (['cpu'] as const) : []),
    ...(hasFaults ? (['faults'] as const) : []),
  ];
}

/**
 * Registers the conformance suite for a provider as vitest tests; call it at a test file's top
 * level. While tests are collected the factory is called once to read the declared capabilities
 * (which tests apply); each group then gets a fresh provider from the factory, after `reset`.
 */
export function describeProviderConformance<P extends Provider>(options: ProviderConformanceOptions<P>): void {
  describe(options.name ?? 'provider conformance', async () => {
    const declared = (await options.factory()).capabilities;
    const groups = options.groups ?? defaultGroups(declared, options.faults !== undefined);
    if (options.groups === undefined && options.faults === undefined) {
      // Said in the report rather than left out, so that a run without a fault injector never reads as complete.
      describe('faults', () => {
        it.skip('every fault scenario (skipped: needs the faults option, a FaultInjector)', () => {});
      });
    }
    for (const group of groups) {
      describe(group, () => {
        // The harness hands readEnv the provider the factory made, so widening P is safe.
        const h = setUpGroup(options as unknown as ProviderConformanceOptions);
        switch (group) {
          case 'contract':
            return contractGroup(h, declared);
          case 'lifecycle':
            return lifecycleGroup(h, declared);
          case 'auth':
            return authGroup(h);
          case 'errors':
            return errorsGroup(h, declared);
          case 'raw':
            return rawGroup(h);
          case 'serverless':
            return serverlessGroup(h, declared);
          case 'catalog':
            return catalogGroup(h);
          case 'cpu':
            return cpuGroup(h);
          case 'faults':
            if (options.faults === undefined)
              throw new Error("the 'faults' group needs the `faults` option (a FaultInjector)");
            return faultsGroup(h, options.faults, options.faultScenarios ?? FAULT_SCENARIOS);
        }
      });
    }
  });
}
