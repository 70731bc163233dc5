import type { ConformanceGroup, FaultScenario } from '@atlas/conformance';
import type { Provider } from '@atlas/core';
import { beforeEach, describe } from 'vitest';

/** What a mutant may use besides the provider it breaks. */
export interface MutantKit {
  /** A secret the provider holds (the API key on RunPod; a key the mock is told about). */
  readonly secret: string;
}

/** One small, plausible provider bug, written as a wrapper around a correct provider. */
export interface Mutant<B extends Provider = Provider> {
  /** kebab-case, unique within its target; survivors.json and docs/testing.md name mutants by it. */
  readonly id: string;
  /** The bug, as a provider author would describe the mistake. */
  readonly bug: string;
  /** The groups that run against it (the suite must catch it there). */
  readonly groups: readonly ConformanceGroup[];
  /** Limits the faults group to these scenarios. */
  readonly faultScenarios?: readonly FaultScenario[];
  mutate(base: B, kit: MutantKit): Provider;
}

/** A target's describe title: run-mutants.mjs reads mutant ids and controls back from it. */
export const mutantTitle = (target: string, id: string) => `mutant ${target}/${id}`;
export const controlTitle = (target: string) => `control ${target}`;

/**
 * A copy of the provider with some members replaced; a member patched to `undefined` is gone
 * (declared but not implemented). Methods, own or from a class prototype, stay bound to the
 * original, so the copy also works for frozen providers and class instances.
 */
export function patch<P extends Provider>(
  base: P,
  members: { [K in keyof P]?: P[K] | undefined } & Record<string, unknown>,
): P {
  const copy: Record<PropertyKey, unknown> = {};
  for (
    let layer: object | null = base;
    layer !== null && layer !== Object.prototype;
    layer = Object.getPrototypeOf(layer)
  ) {
    for (const key of Reflect.ownKeys(layer)) {
      if (key === 'constructor' || Object.hasOwn(copy, key)) continue;
      const value = (base as Record<PropertyKey, unknown>)[key];
      copy[key] = typeof value === 'function' ? value.bind(base) : value;
    }
  }
  for (const [key, value] of Object.entries(members)) {
    if (value === undefined) delete copy[key];
    else copy[key] = value;
  }
  return copy as P;
}

/**
 * Registers one mutant's run: after its first failing test the rest of its tests are skipped,
 * since one failure is a kill (run-mutants.mjs still checks that the control passed that test).
 */
export function describeMutant(title: string, register: () => void): void {
  describe(title, () => {
    let killed = false;
    beforeEach((context) => {
      if (killed) context.skip('already killed');
      context.onTestFailed(() => {
        killed = true;
      });
    });
    register();
  });
}
