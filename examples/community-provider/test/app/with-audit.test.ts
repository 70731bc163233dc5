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
  // The mock's test controls make what a happy path never shows: a crashed or preempted machine,
  // a job that fails or times out, a list in pages. Without them those tests show as skipped.
  hooks: {
    failCompute: (id) => mock.setStatus(id, 'failed'),
    preemptCompute: (id) => mock.setStatus(id, 'terminated'),
    jobRequest: (outcome) =>
      outcome === 'failed'
        ? { input: { prompt: 'atlas conformance', fail: 'the worker raised' } }
        : { input: { prompt: 'atlas conformance' }, policy: { executionTimeoutMs: 1 } },
    readJobInput: (ref) => mock.readJobInput(ref),
    setPageSize: (size) => mock.setPageSize(size),
  },
});

it('recorded the calls the suite made', () => {
  expect(audit).toEqual(expect.arrayContaining(['spawnCompute', 'getCompute', 'terminate', 'runJob', 'listGpuTypes']));
});
