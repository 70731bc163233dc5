import { describeProviderConformance } from '@atlas/conformance';
import { afterAll } from 'vitest';
import { create__PROVIDER_NAME__ } from '../src/index.js';
import { startFake__PROVIDER_NAME__ } from './fake-__PROVIDER_ID__-server.js';

// The shared Atlas suite, against the fake on loopback: it checks every declared capability, the
// lifecycle, bearer auth, errors and raw. `faults` turns on the faults group too: 401, 404, 429,
// 5xx, malformed JSON, dropped connections and a create whose answer was lost. `hooks` runs the
// tests of a crashed machine, a preempted one and a list in pages.
const server = await startFake__PROVIDER_NAME__();
afterAll(() => server.close());

describeProviderConformance({
  factory: () => create__PROVIDER_NAME__(),
  reset: () => server.reset(),
  // Short backoffs keep the retry scenarios quick; Retry-After from the server is still honoured.
  context: { baseUrl: server.baseUrl, apiKey: server.apiKey, retry: { backoffMs: 5, maxDelayMs: 50 } },
  gpu: 'h100',
  image: 'ghcr.io/example/echo:1',
  readEnv: (_provider, id) => server.envOf(id),
  faults: server.faults,
  hooks: server.hooks,
});
