import type { CallContext, JobRequest, Provider } from '@atlas/core';
import { isTerminalJobStatus } from '@atlas/core';
import { createMock, type MockProvider } from '@atlas/mock';
import { describeProviderConformance } from '../src/index.js';
import { mockConformanceHooks } from './support/mock-conformance-hooks.js';

/**
 * The webhooks check needs a provider that declares webhooks; the mock does not, so this wraps it
 * in one that POSTs the finished job to its webhook, as a cloud would.
 */
function withWebhooks(mock: MockProvider): Provider {
  const runJob = async (request: JobRequest, ctx?: CallContext) => {
    const job = await mock.runJob(request, ctx);
    if (request.webhook !== undefined) void deliver(request.webhook, job);
    return job;
  };
  const deliver = async (url: string, ref: { endpoint: string; id: string }) => {
    for (;;) {
      const job = await mock.getJob(ref);
      if (isTerminalJobStatus(job.status)) {
        await fetch(url, { method: 'POST', body: JSON.stringify({ id: job.id, status: job.status }) });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  return { ...mock, capabilities: [...mock.capabilities, 'webhooks'], runJob };
}

let current: MockProvider | undefined;

describeProviderConformance({
  name: 'a provider that declares webhooks (the mock, delivering them)',
  factory: () => {
    current = createMock({ jobDurationMs: 250 });
    return withWebhooks(current);
  },
  groups: ['serverless'],
  gpu: 'h100',
  image: 'ghcr.io/atlas/echo:1',
  hooks: mockConformanceHooks(() => {
    if (current === undefined) throw new Error('no mock yet');
    return current;
  }),
  timeouts: { readyMs: 2_000, pollMs: 10 },
});
