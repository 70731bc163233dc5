import nock from 'nock';
import { afterEach, describe, it } from 'vitest';
import { createRunPod } from '../src/index.js';
import { KEY, pod, REST, useNock } from './helpers.js';

useNock();

const ENV_KEY_A = 'rp_env_key_AAAAAAAAAAAA';
const ENV_KEY_B = 'rp_env_key_BBBBBBBBBBBB';
const saved = process.env.RUNPOD_API_KEY;

afterEach(() => {
  if (saved === undefined) delete process.env.RUNPOD_API_KEY;
  else process.env.RUNPOD_API_KEY = saved;
});

/** Answers one GET /v2/pods/p1 only when it carries this bearer key (another key: no match, the call rejects). */
function expectKey(key: string): void {
  nock(REST, { reqheaders: { authorization: `Bearer ${key}` } })
    .get('/v2/pods/p1')
    .reply(200, pod({ id: 'p1' }));
}

describe('the client reused across calls without a context', () => {
  it('still reads RUNPOD_API_KEY at call time: a changed key is sent on the next call', async () => {
    const runpod = createRunPod({ retry: { limit: 0 } });
    process.env.RUNPOD_API_KEY = ENV_KEY_A;
    expectKey(ENV_KEY_A);
    await runpod.getCompute('p1');
    expectKey(ENV_KEY_A);
    await runpod.getCompute('p1');
    process.env.RUNPOD_API_KEY = ENV_KEY_B;
    expectKey(ENV_KEY_B);
    await runpod.getCompute('p1');
  });

  it('a call with its own context gets its own client; the next default call is back to the settings', async () => {
    const runpod = createRunPod({ apiKey: KEY, retry: { limit: 0 } });
    expectKey(KEY);
    await runpod.getCompute('p1');
    expectKey('rp_call_key_CCCCCCCCCCCC');
    await runpod.getCompute('p1', { apiKey: 'rp_call_key_CCCCCCCCCCCC' });
    expectKey(KEY);
    await runpod.getCompute('p1', { apiKey: undefined });
    nock('https://other.example').get('/v2/pods/p1').reply(200, pod({ id: 'p1' }));
    await runpod.getCompute('p1', { baseUrl: 'https://other.example' });
  });
});
