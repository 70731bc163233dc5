import type {
  CallContext,
  Compute,
  ComputeRequest,
  ComputeRequestInput,
  ComputeStatus,
  PortRequest,
  Provider,
} from '@atlas/core';
import { parseComputeRequest } from '@atlas/core/provider';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ProviderConformanceOptions } from './options.js';
import { pollUntil } from './poll.js';
import { isNotFound } from './rejection.js';
import { CountingContext, resolveTimeouts, type Timeouts } from './settings.js';

/** What a group's tests share: one provider, its context, and the computes to clean up. */
export interface Harness<P extends Provider = Provider> {
  readonly options: ProviderConformanceOptions<P>;
  readonly timeouts: Timeouts;
  /** Counts the HTTP requests made through ctx.fetch. */
  readonly context: CountingContext;
  provider(): P;
  ctx(): CallContext;
  /** A valid request built on the options' gpu and image. */
  request(extra?: Partial<ComputeRequestInput>): ComputeRequest;
  /** Spawns and remembers the id so that afterAll terminates it. */
  spawn(extra?: Partial<ComputeRequestInput>): Promise<Compute>;
  track(id: string): void;
  waitForStatus(id: string, statuses: readonly ComputeStatus[], what: string): Promise<Compute>;
}

function defaultPorts(provider: Provider): PortRequest[] {
  const ports: PortRequest[] = [{ port: 8000, protocol: 'http' }];
  if (provider.capabilities.includes('raw_tcp')) ports.push({ port: 22, protocol: 'tcp' });
  return ports;
}

/**
 * Registers the hooks of one group: reset and a fresh provider before it, and after it the
 * termination of every compute the group spawned (not_found means already gone).
 */
export function setUpGroup<P extends Provider>(options: ProviderConformanceOptions<P>): Harness<P> {
  const timeouts = resolveTimeouts(options.timeouts);
  const context = new CountingContext(options.context);
  const spawned = new Set<string>();
  let current: P | undefined;

  beforeAll(async () => {
    await options.reset?.();
    current = await options.factory();
  }, timeouts.testMs);

  afterAll(async () => {
    await options.faults?.clear();
    const failures: unknown[] = [];
    for (const id of spawned) {
      try {
        await current?.terminate(id, context.get());
      } catch (error) {
        if (!isNotFound(error)) failures.push(error);
      }
    }
    spawned.clear();
    if (failures.length > 0)
      throw new AggregateError(failures, `cleanup: terminate failed for ${failures.length} compute(s)`);
  }, timeouts.testMs);

  const harness: Harness<P> = {
    options,
    timeouts,
    context,
    provider() {
      if (current === undefined) throw new Error('the provider factory has not run (see the beforeAll error)');
      return current;
    },
    ctx: () => context.get(),
    request(extra = {}) {
      const ports = options.ports ?? defaultPorts(harness.provider());
      return parseComputeRequest({ gpu: options.gpu, image: options.image, gpuCount: 1, ports, ...extra });
    },
    async spawn(extra) {
      const compute = await harness.provider().spawnCompute(harness.request(extra), harness.ctx());
      if (typeof compute?.id === 'string') spawned.add(compute.id);
      return compute;
    },
    track(id) {
      spawned.add(id);
    },
    async waitForStatus(id, statuses, what) {
      const compute = await pollUntil(
        () => harness.provider().getCompute(id, harness.ctx()),
        (c) => statuses.includes(c.status),
        timeouts,
        what,
        (c) => `status '${c.status}'`,
      );
      expect(statuses).toContain(compute.status);
      return compute;
    },
  };
  return harness;
}
