import { type AtlasError, isAtlasError } from '@atlas/core';
import { afterEach, expect, it, vi } from 'vitest';
import type { FaultInjector, FaultScenario } from '../faults.js';
import type { Harness } from '../harness.js';
import { rejectionOf } from '../rejection.js';
import { uniqueName } from '../settings.js';

const JSON_TYPE = 'application/json';
/** Longer than any test waits for a delayed answer: a call that honours its signal or timeout never sees it end. */
const STALL_MS = 2_000;

/** How the provider handles a server that misbehaves on purpose; one test per scenario, each with its own compute. */
export function faultsGroup(h: Harness, faults: FaultInjector, scenarios: readonly FaultScenario[]): void {
  const { testMs } = h.timeouts;
  const spawn = () => h.spawn({ name: uniqueName('faults') });

  afterEach(async () => {
    await faults.clear();
  });

  /** Resolves once the server has seen a request of the operation (right away without `count`). */
  const reached = async (operation: 'listCompute' | 'getCompute') => {
    const count = faults.count;
    if (count === undefined) return new Promise((resolve) => setTimeout(resolve, 0));
    return vi.waitFor(
      async () => {
        if ((await count.call(faults, operation)) < 1) throw new Error(`no ${operation} request reached the server`);
      },
      { timeout: h.timeouts.readyMs, interval: 5 },
    );
  };

  const tests: Record<FaultScenario, () => void> = {
    unauthorized: () =>
      it(
        'a 401 gives unauthorized',
        async () => {
          await faults.inject('listCompute', {
            status: 401,
            body: '{"error":"invalid api key"}',
            contentType: JSON_TYPE,
            times: 5,
          });
          await h.rejects(() => h.provider().listCompute({}, h.ctx()), ['unauthorized'], 'listCompute answered 401');
        },
        testMs,
      ),

    forbidden: () =>
      it(
        'a 403 gives forbidden',
        async () => {
          const { id } = await spawn();
          await faults.inject('getCompute', {
            status: 403,
            body: '{"error":"this key may not read that resource"}',
            contentType: JSON_TYPE,
            times: 5,
          });
          await h.rejects(() => h.provider().getCompute(id, h.ctx()), ['forbidden'], 'getCompute answered 403');
        },
        testMs,
      ),

    not_found: () =>
      it(
        'a 404 gives not_found',
        async () => {
          const { id } = await spawn();
          await faults.inject('getCompute', {
            status: 404,
            body: '{"error":"not found"}',
            contentType: JSON_TYPE,
            times: 5,
          });
          await h.rejects(() => h.provider().getCompute(id, h.ctx()), ['not_found'], 'getCompute answered 404');
        },
        testMs,
      ),

    rate_limited: () =>
      it(
        'a 429 with Retry-After: 1 gives rate_limited with retryAfterMs 1000, or a retry that lists the computes',
        async () => {
          const { id } = await spawn();
          await faults.inject('listCompute', {
            status: 429,
            retryAfterSeconds: 1,
            body: '{"error":"slow down"}',
            contentType: JSON_TYPE,
          });
          let outcome: unknown;
          try {
            outcome = await h.provider().listCompute({}, h.ctx());
          } catch (error) {
            outcome = error;
          }
          if (Array.isArray(outcome)) {
            expect(
              outcome.map((c: { id?: unknown }) => c.id),
              'listCompute after a retried 429 must list the existing compute',
            ).toContain(id);
            return;
          }
          const error = await h.rejects(() => Promise.reject(outcome), ['rate_limited'], 'listCompute answered 429');
          expect(error.retryAfterMs, 'retryAfterMs from Retry-After: 1 (rule: seconds become milliseconds)').toBe(1000);
        },
        testMs,
      ),

    server_error_on_get: () =>
      it(
        'a 500 on getCompute is retried',
        async () => {
          const { id } = await spawn();
          await faults.clear();
          await faults.inject('getCompute', {
            status: 500,
            body: '{"error":"internal"}',
            contentType: JSON_TYPE,
            times: 1,
          });
          let failure: AtlasError | undefined;
          try {
            expect((await h.provider().getCompute(id, h.ctx())).id, 'getCompute after a retried 500').toBe(id);
          } catch (error) {
            if (!isAtlasError(error)) throw error;
            failure = error;
          }
          const attempts = await faults.count?.('getCompute');
          if (failure !== undefined) {
            expect(
              attempts,
              `getCompute rejected ${failure.kind} after a single 500: it was not retried`,
            ).toBeGreaterThanOrEqual(2);
          }
        },
        testMs,
      ),

    server_error_on_spawn: () =>
      it(
        'a 500 on spawn after the server created the compute is not blindly re-sent',
        async () => {
          const name = uniqueName('faults-spawn');
          await faults.inject('spawnCompute', {
            status: 500,
            body: '{"error":"internal"}',
            contentType: JSON_TYPE,
            afterCreate: true,
          });
          try {
            await h.spawn({ name });
          } catch (error) {
            if (!isAtlasError(error)) expect.fail(`spawn must reject with an AtlasError, got ${String(error)}`);
          }
          const live = (await h.provider().listCompute({ name }, h.ctx())).filter((c) => c.status !== 'terminated');
          for (const c of live) h.track(c.id);
          expect(live.length, 'computes with the name after one spawn call (a blind retry makes 2)').toBe(1);
        },
        testMs,
      ),

    malformed_json: () =>
      it(
        'malformed JSON gives contract or provider',
        async () => {
          const { id } = await spawn();
          await faults.inject('getCompute', { status: 200, body: '{"id": "trunc', contentType: JSON_TYPE, times: 5 });
          await h.rejects(
            () => h.provider().getCompute(id, h.ctx()),
            ['contract', 'provider'],
            'getCompute answered malformed JSON',
          );
        },
        testMs,
      ),

    connection_reset: () =>
      it(
        'a reset connection gives transport',
        async () => {
          await faults.inject('listCompute', { resetConnection: true, times: 10 });
          const error = await rejectionOf(
            () => h.provider().listCompute({}, h.ctx()),
            'listCompute over a reset connection',
          );
          await h.rejects(() => Promise.reject(error), ['transport'], 'listCompute over a reset connection');
        },
        testMs,
      ),

    aborted_mid_call: () =>
      it(
        'aborting the signal while the server stalls rejects transport at once',
        async () => {
          await faults.inject('listCompute', { delayMs: STALL_MS, times: 5 });
          const controller = new AbortController();
          const call = rejectionOf(
            () => h.provider().listCompute({}, h.ctx({ signal: controller.signal })),
            'listCompute aborted mid-call (rule: a signal aborts the call, its retries and its waits)',
          );
          await reached('listCompute');
          controller.abort(new Error('atlas conformance: aborted mid-call'));
          const error = await call;
          await h.rejects(() => Promise.reject(error), ['transport'], 'listCompute aborted mid-call');
        },
        testMs,
      ),

    timeout: () =>
      it(
        'ctx.timeoutMs bounds a stalled call: it rejects timeout',
        async () => {
          const { id } = await spawn();
          await faults.inject('getCompute', { delayMs: STALL_MS, times: 10 });
          await h.rejects(
            () => h.provider().getCompute(id, h.ctx({ timeoutMs: 100, retry: { limit: 0 } })),
            ['timeout'],
            'getCompute with timeoutMs 100 against a server that stalls (rule: timeoutMs limits each attempt)',
          );
        },
        testMs,
      ),
  };

  for (const scenario of scenarios) tests[scenario]();
}
