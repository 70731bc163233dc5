import { type AtlasError, type Compute, isAtlasError } from '@atlas/core';
import type { Fault } from '@atlas/core/testing';
import { createMock } from '@atlas/mock';
import { place } from '@atlas/placement';
import { describe, expect, it, type TestFunction } from 'vitest';
import { type LambdaRig, startLambdaRig } from '../helpers/lambda.js';
import type { Select } from '../helpers/pending.js';
import { type RunPodRig, rejectionOf, settle, startRunPodRig, via, WAYS } from '../helpers/runpod.js';
import { waitFor } from '../helpers/wait.js';

/**
 * A create whose outcome the client cannot know (it timed out, the socket dropped, a 5xx) is
 * never sent again blindly: at the end there is exactly one machine, and the spawn's error says
 * it may exist (`details.possiblyCreated`) and what to look for. A create the server refused
 * outright (503 or 429 with Retry-After) is retried and succeeds, once.
 */

const CLIENT_TIMEOUT_MS = 800;
const COMMIT_AFTER_MS = 1_500;
const REQUEST = { gpu: 'h100', image: 'ghcr.io/acme/infer:1', name: 'ambiguous' } as const;

/** Only the late-commit case needs the short timeout; the others get one no loaded machine reaches. */
async function rig(timeoutMs = 10_000): Promise<RunPodRig> {
  return startRunPodRig({}, { timeoutMs, retry: { limit: 2, backoffMs: 20, maxDelayMs: 100 } });
}

/** Exactly one pod exists once every commit has landed, and it is the one the hint points at. */
async function expectOnePod(r: RunPodRig, error: AtlasError): Promise<void> {
  await waitFor(() => r.fake.pods.count() >= 1, 5_000);
  // Give a second create (a blind retry) the same time to land before counting.
  await new Promise((resolve) => setTimeout(resolve, COMMIT_AFTER_MS));
  expect(r.fake.pods.count()).toBe(1);
  expect(r.fake.faults.count('spawnCompute')).toBe(1);
  expect(error.details?.possiblyCreated, `${error.kind}: ${error.message}`).toBe(true);
  const lookFor = error.details?.lookFor as Record<string, unknown> | undefined;
  expect(lookFor, 'details.lookFor').toBeDefined();
  const pod = JSON.stringify(r.fake.pods.list()[0]);
  expect(Object.values(lookFor ?? {}).some((value) => typeof value === 'string' && pod.includes(value))).toBe(true);
}

/** The same promise on Lambda Labs: one instance, one launch, the hint pointing at it. */
async function expectOneInstance(r: LambdaRig, error: AtlasError): Promise<void> {
  await waitFor(() => r.fake.instances().length >= 1, 5_000);
  await new Promise((resolve) => setTimeout(resolve, COMMIT_AFTER_MS));
  expect(r.fake.instances()).toHaveLength(1);
  expect(r.fake.faults.count('spawnCompute')).toBe(1);
  expect(error.details?.possiblyCreated, `${error.kind}: ${error.message}`).toBe(true);
  const lookFor = error.details?.lookFor as Record<string, unknown> | undefined;
  expect(lookFor, 'details.lookFor').toBeDefined();
  const instance = JSON.stringify(r.fake.instances()[0]);
  expect(Object.values(lookFor ?? {}).some((value) => typeof value === 'string' && instance.includes(value))).toBe(
    true,
  );
}

const lambdaRig = (timeoutMs = 10_000) => startLambdaRig({ timeoutMs, retry: { limit: 2, backoffMs: 20 } });

/** Registers the Lambda Labs cases that `select` picks (by key: `lambda <way>: <case>`). */
function registerLambda(select: Select): void {
  for (const way of WAYS) {
    const test = (name: string, fn: TestFunction) => {
      if (select(`lambda ${way}: ${name}`)) it(name, fn);
    };
    describe.concurrent(`ambiguous creates, Lambda Labs ${way}`, () => {
      test(`the launch commits ${COMMIT_AFTER_MS} ms after a client that gave up at ${CLIENT_TIMEOUT_MS} ms: one instance, possiblyCreated`, async () => {
        const r = await lambdaRig(CLIENT_TIMEOUT_MS);
        try {
          r.fake.faults.inject('spawnCompute', { commitAfterMs: COMMIT_AFTER_MS } as Fault);
          const error = await rejectionOf(() => via(r.provider, way).spawnCompute(REQUEST));
          expect(error.kind).toBe('timeout');
          await expectOneInstance(r, error);
        } finally {
          await r.close();
        }
      });

      test('the socket drops after the launch: one instance, adopted by its marker or announced', async () => {
        const r = await lambdaRig();
        try {
          r.fake.faults.inject('spawnCompute', { afterCreate: true, resetConnection: true });
          const outcome = await settle(() => via(r.provider, way).spawnCompute(REQUEST));
          if (outcome.ok) {
            expect(r.fake.instances().map((instance) => instance.id)).toEqual([(outcome.value as Compute).id]);
            expect(r.fake.faults.count('spawnCompute')).toBe(1);
          } else {
            expect(isAtlasError(outcome.error)).toBe(true);
            await expectOneInstance(r, outcome.error as AtlasError);
          }
        } finally {
          await r.close();
        }
      });

      test('a launch refused with 429 and Retry-After is retried and succeeds: one instance', async () => {
        const r = await lambdaRig();
        try {
          // Lambda's own 429 envelope (the fake's rate-limit answer); a bare 429 body would read as an internal error.
          r.fake.faults.inject('spawnCompute', {
            status: 429,
            retryAfterSeconds: 1,
            body: {
              error: {
                code: 'global/rate-limit-exceeded',
                message: 'Too many launch requests.',
                suggestion: 'Try again shortly.',
              },
            },
          });
          const compute = await via(r.provider, way).spawnCompute(REQUEST);
          expect(r.fake.instances().map((instance) => instance.id)).toEqual([compute.id]);
          expect(r.fake.faults.count('spawnCompute')).toBe(2);
        } finally {
          await r.close();
        }
      });
    });
  }
}

/**
 * Placement must not fail over after a create whose outcome is unknown: the first cloud may have
 * rented the machine, and a second create elsewhere would leave two. A refusal (no capacity) does
 * move on: the control. Keys: `placement: <case>`.
 */
function registerPlacement(select: Select): void {
  const test = (name: string, fn: TestFunction) => {
    if (select(`placement: ${name}`)) it(name, fn);
  };
  /** RunPod first (ordered), the mock second: where did machines appear? */
  async function placeWith(fault: Fault, timeoutMs = 10_000) {
    const r = await rig(timeoutMs);
    const mock = createMock();
    r.fake.faults.inject('spawnCompute', fault);
    const outcome = await settle(() =>
      place(
        { gpu: 'h100', image: 'ghcr.io/acme/infer:1', name: 'placed' },
        {
          providers: { runpod: r.provider, mock },
          strategy: 'ordered',
        },
      ),
    );
    return { r, mock, outcome };
  }

  describe.concurrent('placement after an ambiguous create (RunPod first, then the mock)', () => {
    test(`a create that commits after the client gave up: no failover, one machine in all`, async () => {
      const { r, mock, outcome } = await placeWith({ commitAfterMs: COMMIT_AFTER_MS } as Fault, CLIENT_TIMEOUT_MS);
      try {
        expect(outcome.ok, 'placed').toBe(false);
        expect(isAtlasError(outcome.ok ? undefined : outcome.error)).toBe(true);
        expect(await mock.listCompute({})).toEqual([]);
        await expectOnePod(r, (outcome as { error: AtlasError }).error);
      } finally {
        await r.close();
      }
    });

    test('a 500 that may have created: no failover to the mock', async () => {
      const { r, mock, outcome } = await placeWith({ status: 500 });
      try {
        expect(outcome.ok, 'placed').toBe(false);
        const error = (outcome as { error: AtlasError }).error;
        expect(error.details?.possiblyCreated, `${error.kind}: ${error.message}`).toBe(true);
        expect(await mock.listCompute({})).toEqual([]);
      } finally {
        await r.close();
      }
    });

    test('control: no capacity for the first offer moves on to the next, one machine in all', async () => {
      const { r, mock, outcome } = await placeWith({
        status: 400,
        contentType: 'application/problem+json',
        body: {
          title: 'Bad Request',
          detail: 'There are no longer any instances available with the requested specifications.',
        },
      });
      try {
        expect(outcome.ok, outcome.ok ? '' : String(outcome.error)).toBe(true);
        // The next offer (another RunPod H100, or the mock) got it.
        expect(r.fake.pods.count() + (await mock.listCompute({})).length).toBe(1);
        expect(r.fake.faults.count('spawnCompute')).toBeGreaterThanOrEqual(1);
      } finally {
        await r.close();
      }
    });
  });
}

/** Registers the cases that `select` picks (by key: `<way>: <case>` for RunPod, `lambda <way>: <case>`, `placement: <case>`). */
export function registerAmbiguousCreate(select: Select): void {
  registerLambda(select);
  registerPlacement(select);
  for (const way of WAYS) {
    const test = (name: string, fn: TestFunction) => {
      if (select(`${way}: ${name}`)) it(name, fn);
    };
    const cases = <T extends readonly [string, ...unknown[]]>(rows: readonly T[], name: string) =>
      rows.filter((row) => select(`${way}: ${name.replace('%s', row[0])}`));
    // Each case has its own fake: they run side by side, waiting out late commits together.
    describe.concurrent(`ambiguous creates, RunPod ${way}`, () => {
      test(`the create commits ${COMMIT_AFTER_MS} ms after a client that gave up at ${CLIENT_TIMEOUT_MS} ms: one pod, possiblyCreated`, async () => {
        const r = await rig(CLIENT_TIMEOUT_MS);
        try {
          r.fake.faults.inject('spawnCompute', { commitAfterMs: COMMIT_AFTER_MS } as Fault);
          const error = await rejectionOf(() => via(r.provider, way).spawnCompute(REQUEST));
          expect(error.kind).toBe('timeout');
          await expectOnePod(r, error);
        } finally {
          await r.close();
        }
      });

      test('an abort while the create is in flight: one pod, possiblyCreated', async () => {
        const r = await rig();
        try {
          // The server holds the request, then creates the pod although the caller has left.
          r.fake.faults.inject('spawnCompute', { delayMs: 600 });
          const controller = new AbortController();
          setTimeout(() => controller.abort(new Error('the user closed the tab')), 200);
          const error = await rejectionOf(() =>
            via(r.provider, way).spawnCompute(REQUEST, { signal: controller.signal }),
          );
          await expectOnePod(r, error);
        } finally {
          await r.close();
        }
      });

      const AFTER_CREATE = cases(
        [
          ['the socket drops after the create', { afterCreate: true, resetConnection: true }],
          ['a 500 after the create', { afterCreate: true, status: 500 }],
          ['a 502 after the create', { afterCreate: true, status: 502 }],
        ] as const,
        '%s: one pod, adopted by its marker or announced by possiblyCreated',
      );
      if (AFTER_CREATE.length > 0)
        it.each(AFTER_CREATE)(
          '%s: one pod, adopted by its marker or announced by possiblyCreated',
          async (_label, fault) => {
            const r = await rig();
            try {
              r.fake.faults.inject('spawnCompute', fault);
              const outcome = await settle(() => via(r.provider, way).spawnCompute(REQUEST));
              if (outcome.ok) {
                // Adopted: the pod this attempt created, found by its marker, and nothing sent twice.
                expect(r.fake.pods.list().map((pod) => pod.id)).toEqual([(outcome.value as Compute).id]);
                expect(r.fake.faults.count('spawnCompute')).toBe(1);
              } else {
                expect(isAtlasError(outcome.error)).toBe(true);
                await expectOnePod(r, outcome.error as AtlasError);
              }
            } finally {
              await r.close();
            }
          },
        );

      test('a 500 before any create, with a same-named pod of someone else already there: that pod is never adopted', async () => {
        const r = await rig();
        try {
          const foreign = await r.provider.spawnCompute(REQUEST);
          r.fake.faults.inject('spawnCompute', { status: 500 });
          const outcome = await settle(() => via(r.provider, way).spawnCompute(REQUEST));
          if (outcome.ok) {
            expect((outcome.value as Compute).id, 'adopted a pod it did not create').not.toBe(foreign.id);
          } else {
            expect(isAtlasError(outcome.error)).toBe(true);
            expect((outcome.error as AtlasError).details?.possiblyCreated).toBe(true);
          }
          expect(r.fake.faults.count('spawnCompute')).toBe(2);
        } finally {
          await r.close();
        }
      });

      const REFUSED = cases(
        [
          ['503 with Retry-After', { status: 503, retryAfterSeconds: 1 }],
          ['429 with Retry-After', { status: 429, retryAfterSeconds: 1 }],
        ] as const,
        'a create refused with %s is retried and succeeds: one pod',
      );
      if (REFUSED.length > 0)
        it.each(REFUSED)('a create refused with %s is retried and succeeds: one pod', async (_label, fault) => {
          const r = await rig();
          try {
            r.fake.faults.inject('spawnCompute', fault);
            const compute = await via(r.provider, way).spawnCompute(REQUEST);
            expect(r.fake.pods.list().map((pod) => pod.id)).toEqual([compute.id]);
            expect(r.fake.faults.count('spawnCompute')).toBe(2);
          } finally {
            await r.close();
          }
        });
    });
  }
}
