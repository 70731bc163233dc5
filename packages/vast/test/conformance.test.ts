import { describeProviderConformance } from '@atlas/conformance';
import nock from 'nock';
import { afterAll } from 'vitest';
import { createVast } from '../src/index.js';
import { startVastFake } from '../src/testing/index.js';

// Other files in this worker may have turned the network off for nock; the fake is on loopback.
nock.enableNetConnect('127.0.0.1');

// Small per-endpoint intervals on both sides: the provider's limiter queues what the fake would refuse.
const fake = await startVastFake({ minIntervalMs: 2, pageSize: 3 });
afterAll(async () => {
  await fake.close();
});

describeProviderConformance({
  name: 'vast (against the stateful fake)',
  factory: () =>
    createVast({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      minIntervalMs: 4,
      // Small backoff so that the faults group's retries stay fast.
      retry: { limit: 3, backoffMs: 5, maxDelayMs: 20 },
    }),
  reset: () => fake.reset(),
  gpu: 'rtx_4090',
  image: 'vastai/pytorch:2.4',
  readEnv: (_provider, id) => fake.instances.readEnv(id) ?? {},
  faults: fake.faults,
  hooks: fake.hooks,
});
