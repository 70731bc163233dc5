import { describeProviderConformance } from '@atlas/conformance';
import nock from 'nock';
import { afterAll } from 'vitest';
import { createRunPod } from '../src/index.js';
import { startRunPodFake } from '../src/testing/index.js';

// Other files in this worker may have turned the network off for nock; the fake is on loopback.
nock.enableNetConnect('127.0.0.1');

// Jobs long enough that the suite's cancel lands before the job ends, even on a loaded machine.
const fake = await startRunPodFake({ jobDurationMs: 500 });
afterAll(async () => {
  await fake.close();
});

describeProviderConformance({
  name: 'runpod (against the stateful fake)',
  factory: () =>
    createRunPod({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      runtimeBaseUrl: fake.runtimeUrl,
      // Small backoff so that the faults group's retries stay fast.
      retry: { limit: 2, backoffMs: 5, maxDelayMs: 20 },
    }),
  reset: () => fake.reset(),
  gpu: 'rtx_4090',
  image: 'runpod/pytorch:2.4',
  readEnv: (_provider, id) => fake.pods.readEnv(id) ?? {},
  faults: fake.faults,
  hooks: fake.hooks,
  // The fake's worker streams one chunk per word of the prompt.
  job: { endpoint: 'atlas-conformance', input: { prompt: 'atlas conformance stream check' }, chunks: 4 },
});
