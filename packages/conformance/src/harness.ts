import type {
  AtlasError,
  CallContext,
  Compute,
  ComputeRequest,
  ComputeRequestInput,
  ComputeStatus,
  ErrorKind,
  PortRequest,
  Provider,
} from '@atlas/core';
import { parseComputeRequest } from '@atlas/core/provider';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConformanceHooks, HookName } from './hooks.js';
import type { ProviderConformanceOptions } from './options.js';
import { pollUntil } from './poll.js';
import { expectRejects, isNotFound } from './rejection.js';
import { errorText, findLeaks } from './secret-scan.js';
import { CountingContext, resolveTimeouts, type Timeouts } from './settings.js';

/** A value that must never show up, and what to call it in a failure message. */
export interface Secret {
  readonly label: string;
  readonly value: string;
}

/** What a group's tests share: one provider, its context, and the computes to clean up. */
export interface Harness<P extends Provider = Provider> {
  readonly options: ProviderConformanceOptions<P>;
  readonly hooks: ConformanceHooks<P>;
  readonly timeouts: Timeouts;
  /** Counts the HTTP requests made through ctx.fetch. */
  readonly context: CountingContext;
  provider(): P;
  ctx(extra?: Partial<CallContext>): CallContext;
  /** A valid request built on the options' gpu and image. */
  request(extra?: Partial<ComputeRequestInput>): ComputeRequest;
  /** Spawns and remembers the id so that afterAll terminates it. */
  spawn(extra?: Partial<ComputeRequestInput>): Promise<Compute>;
  /** Spawns, then waits for running. */
  spawnRunning(extra?: Partial<ComputeRequestInput>): Promise<Compute>;
  track(id: string): void;
  waitForStatus(id: string, statuses: readonly ComputeStatus[], what: string): Promise<Compute>;
  /** The API key (hooks.secrets, ctx.apiKey) and the given values: what no output may hold. */
  secrets(extra?: readonly Secret[]): Promise<Secret[]>;
  /** Fails when the value, serialized, holds a secret in any encoding. */
  expectNoLeaks(value: unknown, what: string, extra?: readonly Secret[]): Promise<void>;
  /** expectRejects, and the error holds no secret (message, fields, causes). */
  rejects(
    call: () => Promise<unknown> | unknown,
    kinds: readonly ErrorKind[],
    what: string,
    extra?: readonly Secret[],
  ): Promise<AtlasError>;
  /** A test that needs hooks: registered skipped, with the reason in its name, when one is missing. */
  withHooks(needs: readonly HookName[], title: string, body: () => Promise<void>): void;
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
  const hooks: ConformanceHooks<P> = options.hooks ?? {};
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
    hooks,
    timeouts,
    context,
    provider() {
      if (current === undefined) throw new Error('the provider factory has not run (see the beforeAll error)');
      return current;
    },
    ctx: (extra = {}) => ({ ...context.get(), ...extra }),
    request(extra = {}) {
      const ports = options.ports ?? defaultPorts(harness.provider());
      return parseComputeRequest({ gpu: options.gpu, image: options.image, gpuCount: 1, ports, ...extra });
    },
    async spawn(extra) {
      const compute = await harness.provider().spawnCompute(harness.request(extra), harness.ctx());
      if (typeof compute?.id === 'string') spawned.add(compute.id);
      return compute;
    },
    async spawnRunning(extra) {
      const { id } = await harness.spawn(extra);
      return harness.waitForStatus(id, ['running'], `compute ${id} should become running`);
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
    async secrets(extra = []) {
      const apiKey = context.get().apiKey;
      const given = (await hooks.secrets?.()) ?? [];
      return [
        ...given
          .filter((s) => s.length >= 8)
          .map((value, i) => ({ label: `secret #${i + 1} of hooks.secrets`, value })),
        ...(apiKey !== undefined && apiKey.length >= 8 ? [{ label: 'the API key of ctx.apiKey', value: apiKey }] : []),
        ...extra,
      ];
    },
    async expectNoLeaks(value, what, extra) {
      let text: string;
      try {
        text = JSON.stringify(value) ?? '';
      } catch {
        text = String(value);
      }
      const leaks = findLeaks(text, await harness.secrets(extra));
      expect(leaks, `${what} holds secrets (rule: secrets never appear in results, raw, errors or logs)`).toEqual([]);
    },
    async rejects(call, kinds, what, extra) {
      const error = await expectRejects(call, kinds, harness.provider().id, what);
      const leaks = findLeaks(errorText(error), await harness.secrets(extra));
      expect(leaks, `${what}: the error holds secrets (rule: secrets never appear in errors)`).toEqual([]);
      return error;
    },
    withHooks(needs, title, body) {
      const missing = needs.filter((hook) => typeof hooks[hook] !== 'function');
      if (missing.length > 0) {
        it.skip(`${title} (skipped: needs ${missing.map((m) => `hooks.${m}`).join(' and ')})`, body);
        return;
      }
      it(title, body, timeouts.testMs);
    },
  };
  return harness;
}
