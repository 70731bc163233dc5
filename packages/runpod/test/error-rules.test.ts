import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { PROBLEM_JSON, problem, provider, REST, RUNTIME, rejection, useNock } from './helpers.js';

useNock();

const spawn = () => provider().spawnCompute({ gpu: 'h100', image: 'x' });

/** RunPod's kinds come from the body's fields (detail, title, code), never from the whole finished message. */
describe('RunPod error rules', () => {
  it.each([
    ['invalid capacity value: -1', 'validation'],
    ['capacity', 'validation'],
    ['template not available to this account', 'validation'],
    ['There are no longer any instances available with the requested specifications.', 'capacity'],
    ['GPU type is not currently available in the requested data centers', 'capacity'],
  ])('400 %j -> %s', async (detail, kind) => {
    nock(REST)
      .post('/v2/pods')
      .reply(400, problem(400, 'Bad Request', detail), PROBLEM_JSON);
    const error = await rejection(spawn());
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(kind === 'capacity');
  });

  it.each([
    ['create pod: There are no instances currently available', 'capacity'],
    [
      'create pod: This machine does not have the resources to deploy your pod. Please try a different machine',
      'capacity',
    ],
    [
      'create pod: Your account balance is too low to rent a pod. Please add funds to your account.',
      'payment_required',
    ],
    ['upstream failed', 'provider'],
  ])('500 {error: %j} (the v1-era shape) -> %s', async (message, kind) => {
    nock(REST).post('/v2/pods').reply(500, { error: message, status: 500 });
    expect((await rejection(spawn())).kind).toBe(kind);
  });

  it('a plain 5xx is not capacity because the endpoint id says "availability"', async () => {
    nock(RUNTIME).post('/v2/gpu-availability-bot/run').reply(500, 'Internal Server Error');
    const error = await rejection(provider().runJob({ endpoint: 'gpu-availability-bot', input: {} }));
    expect(error.kind).toBe('provider');
    expect(error.status).toBe(500);
  });

  it("the body's code survives the refinement", async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(
        400,
        { ...problem(400, 'Bad Request', 'There are no longer any instances available.'), code: 'SUPPLY_CONSTRAINT' },
        PROBLEM_JSON,
      );
    const capacity = await rejection(spawn());
    expect(capacity.kind).toBe('capacity');
    expect(capacity.code).toBe('SUPPLY_CONSTRAINT');
    nock(REST)
      .post('/v2/pods')
      .reply(500, { error: { code: 'LOW_BALANCE', message: 'Your account balance is too low to rent a pod.' } });
    const balance = await rejection(spawn());
    expect(balance.kind).toBe('payment_required');
    expect(balance.code).toBe('LOW_BALANCE');
  });
});
