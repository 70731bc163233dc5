import { describeProviderConformance } from '@atlas/conformance';
import { afterAll } from 'vitest';
import { createAcme } from '../src/index.js';
import { startFakeAcme } from './fake-acme-server.js';

// The shared suite, against Acme's fake on loopback. `faults` turns on the faults group, so the
// provider's handling of 401, 404, 429, 5xx, malformed JSON and dropped connections is checked too;
// `hooks` runs the tests of a crashed machine, a preempted one and a list in pages.
const server = await startFakeAcme();
afterAll(() => server.close());

describeProviderConformance({
  factory: () => createAcme(),
  reset: () => server.reset(),
  // Short backoffs keep the retry scenarios quick; Retry-After from the server is still honoured.
  context: { baseUrl: server.baseUrl, apiKey: server.apiKey, retry: { backoffMs: 5, maxDelayMs: 50 } },
  gpu: 'h100',
  image: 'ghcr.io/acme/echo:1',
  readEnv: (_provider, id) => server.envOf(id),
  faults: server.faults,
  hooks: server.hooks,
});
