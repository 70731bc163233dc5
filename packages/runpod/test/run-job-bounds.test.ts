import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { provider, RUNTIME, rejection, useNock } from './helpers.js';

useNock();

const EP = 'ep123';
const SECOND = 1_000;
const DAY = 86_400_000;

describe("runJob: policies outside RunPod's documented bounds are refused before sending", () => {
  it.each([
    [{ executionTimeoutMs: 4 * SECOND }, 'policy.executionTimeoutMs'],
    [{ executionTimeoutMs: 7 * DAY + 1 }, 'policy.executionTimeoutMs'],
    [{ ttlMs: 9 * SECOND }, 'policy.ttlMs'],
    [{ ttlMs: 7 * DAY + 1 }, 'policy.ttlMs'],
  ])('%j: validation naming %s, zero requests', async (policy, path) => {
    const error = await rejection(provider().runJob({ endpoint: EP, input: {}, policy }));
    expect(error.kind).toBe('validation');
    expect(error.issues.map((issue) => issue.path)).toEqual([path]);
    expect(error.message).toContain(path);
  });

  it('the bounds themselves are accepted', async () => {
    nock(RUNTIME)
      .post(`/v2/${EP}/run`, { input: {}, policy: { executionTimeout: 5 * SECOND, ttl: 7 * DAY } })
      .reply(200, { id: 'j', status: 'IN_QUEUE' });
    const job = await provider().runJob({
      endpoint: EP,
      input: {},
      policy: { executionTimeoutMs: 5 * SECOND, ttlMs: 7 * DAY },
    });
    expect(job.id).toBe('j');
  });
});

describe('runJob sync: a Retry-After past the cap is the server’s answer, not a timeout', () => {
  it.each([
    [429, 'rate_limited'],
    [503, 'provider'],
  ])('%d with Retry-After beyond the cap: %s, retryAfterMs kept, no "may still run"', async (status, kind) => {
    nock(RUNTIME).post(`/v2/${EP}/runsync`).query(true).reply(status, { error: 'busy' }, { 'retry-after': '5' });
    const error = await rejection(
      provider({ retry: { limit: 2, backoffMs: 1 } }).runJob({
        endpoint: EP,
        input: {},
        mode: 'sync',
        timeoutMs: 1_500,
      }),
    );
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.retryAfterMs).toBe(5_000);
    expect(error.message).not.toContain('may still run');
  });

  it('a Retry-After that fits the cap but not the time left: the server’s kind, not a timeout', async () => {
    nock(RUNTIME)
      .post(`/v2/${EP}/runsync`)
      .query(true)
      // Answered after 1 s, asking for 2 s more: within the 2.5 s cap alone, past it from where the wait starts.
      .reply(
        () =>
          new Promise((resolve) =>
            setTimeout(() => resolve([429, { error: 'slow down' }, { 'retry-after': '2' }]), 1_000),
          ),
      );
    const seen: string[] = [];
    const error = await rejection(
      provider({ retry: { limit: 2, backoffMs: 1 }, hooks: { onRetry: (event) => seen.push(event.reason) } }).runJob({
        endpoint: EP,
        input: {},
        mode: 'sync',
        timeoutMs: 2_500,
      }),
    );
    expect(error.kind).toBe('rate_limited');
    expect(error.status).toBe(429);
    expect(error.retryAfterMs).toBe(2_000);
    expect(error.message).not.toContain('may still run');
    // The caller's own hooks still saw the retry.
    expect(seen).toEqual(['429']);
  });
});
