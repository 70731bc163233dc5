import { describeProviderConformance } from '@atlas/conformance';
import nock from 'nock';
import { afterAll } from 'vitest';
import { createLambdaLabs } from '../src/index.js';
import { startLambdaFake } from '../src/testing/index.js';

// Other files in this worker may have turned the network off for nock; the fake is on loopback.
nock.enableNetConnect('127.0.0.1');

const fake = await startLambdaFake();
afterAll(async () => {
  await fake.close();
});

describeProviderConformance({
  name: 'lambda-labs (against the stateful fake)',
  factory: () =>
    createLambdaLabs({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      // Small backoff so that the faults group's retries stay fast; launches spaced a little, as in production.
      retry: { limit: 2, backoffMs: 5, maxDelayMs: 20 },
      launchIntervalMs: 5,
    }),
  reset: () => fake.reset(),
  gpu: 'h100',
  image: 'ghcr.io/atlas/echo:1',
  readEnv: (_provider, id) => fake.readEnv(id) ?? {},
  faults: fake.faults,
  hooks: fake.hooks,
});
