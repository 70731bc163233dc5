/**
 * What each cloud answers a create when it has no stock, as its provider's error rules read it
 * (`capacity`): the body a test injects into that cloud's fake, e.g.
 * `fake.faults.inject('spawnCompute', { ...NO_CAPACITY.runpod, times: 50 })`. Plain data: the
 * test-kit depends on no provider.
 */
export const NO_CAPACITY = {
  runpod: { status: 400, body: { title: 'Bad Request', detail: 'There are no instances currently available' } },
  'lambda-labs': {
    status: 400,
    body: { error: { code: 'instance-operations/launch/insufficient-capacity', message: 'Not enough capacity' } },
  },
  vast: { status: 404, body: { success: false, error: 'no_such_ask', msg: 'no_such_ask: the offer is gone' } },
} as const;

export type CloudWithFake = keyof typeof NO_CAPACITY;
