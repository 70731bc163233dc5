import { describeProviderConformance } from '@atlas/conformance';
import { createMock } from '@atlas/mock';
import { expect, it } from 'vitest';
import { withAudit } from './with-audit.js';

// docs/testing.md: the conformance suite on an application's own provider wrapper, over the mock.

// Jobs of 500 ms, so that the serverless group's cancelJob always lands before its job ends.
const mock = createMock({ jobDurationMs: 500 });
const audit: string[] = [];

describeProviderConformance({
  name: 'withAudit(mock)',
  factory: () => withAudit(mock, (operation) => audit.push(operation)),
  reset: () => mock.reset(),
  gpu: 'h100',
  image: 'ghcr.io/acme/echo:1',
  readEnv: (_provider, id) => mock.readEnv(id),
});

it('recorded the calls the suite made', () => {
  expect(audit).toEqual(expect.arrayContaining(['spawnCompute', 'getCompute', 'terminate', 'runJob', 'listGpuTypes']));
});
