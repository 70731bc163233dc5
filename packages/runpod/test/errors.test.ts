import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { KEY, PROBLEM_JSON, pod, problem, provider, REST, rejection, useNock } from './helpers.js';

useNock();

const spawn = (settings = {}) => provider(settings).spawnCompute({ gpu: 'h100', image: 'x' });

describe('RFC 9457 errors become AtlasErrors of the right kind', () => {
  it('400 speaking of capacity -> capacity', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(
        400,
        problem(400, 'Bad Request', 'There are no longer any instances available with the requested specifications.'),
        PROBLEM_JSON,
      );
    const error = await rejection(spawn());
    expect(error.kind).toBe('capacity');
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(true);
  });

  it('400 speaking of availability -> capacity', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(
        400,
        problem(400, 'Bad Request', 'GPU type is not currently available in the requested data centers'),
        PROBLEM_JSON,
      );
    expect((await rejection(spawn())).kind).toBe('capacity');
  });

  it('400 about a rule -> validation', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(
        400,
        problem(400, 'Bad Request', 'mounts.persistent and mounts.network are mutually exclusive'),
        PROBLEM_JSON,
      );
    expect((await rejection(spawn())).kind).toBe('validation');
  });

  it('402 -> payment_required', async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(402, problem(402, 'Payment Required', 'Insufficient balance.'), PROBLEM_JSON);
    const error = await rejection(spawn());
    expect(error.kind).toBe('payment_required');
    expect(error.retryable).toBe(false);
  });

  it('409 (action not valid in this status) -> conflict', async () => {
    nock(REST)
      .post('/v2/pods/p1/action')
      .reply(409, problem(409, 'Conflict', "action 'start' is not valid for a pod in status TERMINATED"), PROBLEM_JSON)
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1', status: 'TERMINATED' }));
    const error = await rejection(provider().start('p1'));
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('not valid');
  });

  it("422 -> validation carrying the API's errors list", async () => {
    nock(REST)
      .post('/v2/pods')
      .reply(
        422,
        problem(422, 'Unprocessable Entity', 'Request validation failed.', [
          "$: additional properties 'bogus' not allowed",
          '$.gpu.count: minimum 1',
        ]),
        PROBLEM_JSON,
      );
    const error = await rejection(spawn());
    expect(error.kind).toBe('validation');
    expect(error.issues.map((i) => i.message)).toEqual([
      "$: additional properties 'bogus' not allowed",
      '$.gpu.count: minimum 1',
    ]);
  });

  it('429 with Retry-After -> rate_limited with retryAfterMs', async () => {
    nock(REST)
      .get('/v2/pods/p1')
      .reply(429, problem(429, 'Too Many Requests', 'rate limit exceeded for the minute window'), {
        ...PROBLEM_JSON,
        'retry-after': '12',
      });
    const error = await rejection(provider().getCompute('p1'));
    expect(error.kind).toBe('rate_limited');
    expect(error.retryAfterMs).toBe(12_000);
  });

  it('429 is retried after Retry-After when retries are on', async () => {
    nock(REST)
      .get('/v2/pods/p1')
      .reply(429, problem(429, 'Too Many Requests', 'slow down'), { ...PROBLEM_JSON, 'retry-after': '0' })
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1' }));
    expect((await provider({ retry: { limit: 1 } }).getCompute('p1')).id).toBe('p1');
  });

  it('401 -> unauthorized, and the key never appears in the error', async () => {
    nock(REST)
      .get('/v2/pods/p1')
      .reply(401, problem(401, 'Unauthorized', `invalid bearer token ${KEY}`), PROBLEM_JSON);
    const error = await rejection(provider().getCompute('p1'));
    expect(error.kind).toBe('unauthorized');
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect(error.message).not.toContain(KEY);
  });

  it('403 -> forbidden', async () => {
    nock(REST)
      .get('/v2/pods/p1')
      .reply(403, problem(403, 'Forbidden', 'access denied'), PROBLEM_JSON);
    expect((await rejection(provider().getCompute('p1'))).kind).toBe('forbidden');
  });

  it('404 -> not_found', async () => {
    nock(REST)
      .get('/v2/pods/nope')
      .reply(404, problem(404, 'Not Found', 'resource not found'), PROBLEM_JSON);
    expect((await rejection(provider().getCompute('nope'))).kind).toBe('not_found');
    nock(REST)
      .delete('/v2/pods/nope')
      .reply(404, problem(404, 'Not Found', 'resource not found'), PROBLEM_JSON);
    expect((await rejection(provider().terminate('nope'))).kind).toBe('not_found');
  });

  it('malformed JSON on a 200 -> contract', async () => {
    nock(REST).get('/v2/pods/p1').reply(200, '{"id": "p1", "status": ', { 'content-type': 'application/json' });
    expect((await rejection(provider().getCompute('p1'))).kind).toBe('contract');
  });

  it('a pod that lacks a field we read -> contract', async () => {
    nock(REST).get('/v2/pods/p1').reply(200, { id: 'p1', name: 'x', status: 'SLEEPING' });
    expect((await rejection(provider().getCompute('p1'))).kind).toBe('contract');
  });

  it('a connection refused is transport', async () => {
    nock(REST)
      .get('/v2/pods/p1')
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect((await rejection(provider().getCompute('p1'))).kind).toBe('transport');
  });
});
