import { createStubProvider } from '@atlas/core/provider';
import { describeStubConformance } from '../src/index.js';

describeStubConformance({
  name: 'a stub with serverless and a catalog reserved',
  factory: () =>
    createStubProvider({ id: 'example-stub', capabilities: ['serverless', 'gpu_catalog'], reason: 'not written yet' }),
});

describeStubConformance({
  name: 'a stub without optional capabilities',
  factory: () => createStubProvider({ id: 'bare-stub' }),
});
