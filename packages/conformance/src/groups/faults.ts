import { type AtlasError, isAtlasError } from '@atlas/core';
import { afterEach, expect, it } from 'vitest';
import type { FaultInjector, FaultScenario } from '../faults.js';
import type { Harness } from '../harness.js';
import { lazy } from '../lazy.js';
import { expectRejects, rejectionOf } from '../rejection.js';
import { uniqueName } from '../settings.js';

const JSON_TYPE = 'application/json';

/** How the provider handles a server that misbehaves on purpose; one test per scenario. */
export function faultsGroup(h: Harness, faults: FaultInjector, scenarios: readonly FaultScenario[]): void {
  const { testMs } = h.timeouts;
  const id = () => h.provider().id;
  const compute = lazy(() => h.spawn({ name: uniqueName('faults') }));

  afterEach(async () => {
    await faults.clear();
  });

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
          await expectRejects(
            () => h.provider().listCompute({}, h.ctx()),
            ['unauthorized'],
            id(),
            'listCompute answered 401',
          );
        },
        testMs,
      ),

    not_found: () =>
      it(
        'a 404 gives not_found',
        async () => {
          const { id: computeId } = await compute();
          await faults.inject('getCompute', {
            status: 404,
            body: '{"error":"not found"}',
            contentType: JSON_TYPE,
            times: 5,
          });
          await expectRejects(
            () => h.provider().getCompute(computeId, h.ctx()),
            ['not_found'],
            id(),
            'getCompute answered 404',
          );
        },
        testMs,
      ),

    rate_limited: () =>
      it(
        'a 429 with Retry-After gives rate_limited with retryAfterMs, or a successful retry',
        async () => {
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
          if (Array.isArray(outcome)) return;
          const error = await expectRejects(
            () => Promise.reject(outcome),
            ['rate_limited'],
            id(),
            'listCompute answered 429',
          );
          expect(error.retryAfterMs, 'retryAfterMs from Retry-After: 1').toBeGreaterThan(0);
        },
        testMs,
      ),

    server_error_on_get: () =>
      it(
        'a 500 on getCompute is retried',
        async () => {
          const { id: computeId } = await compute();
          await faults.clear();
          await faults.inject('getCompute', {
            status: 500,
            body: '{"error":"internal"}',
            contentType: JSON_TYPE,
            times: 1,
          });
          let failure: AtlasError | undefined;
          try {
            expect((await h.provider().getCompute(computeId, h.ctx())).id).toBe(computeId);
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
          const { id: computeId } = await compute();
          await faults.inject('getCompute', { status: 200, body: '{"id": "trunc', contentType: JSON_TYPE, times: 5 });
          await expectRejects(
            () => h.provider().getCompute(computeId, h.ctx()),
            ['contract', 'provider'],
            id(),
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
          await expectRejects(() => Promise.reject(error), ['transport'], id(), 'listCompute over a reset connection');
        },
        testMs,
      ),
  };

  for (const scenario of scenarios) tests[scenario]();
}
