export { MOCK_GPU_MAP } from './catalog.js';
export { createMock } from './create-mock.js';
export { mock } from './default-instance.js';
export type { MockFailOptions, MockLogOptions, MockOperation, MockProvider, MockSettings } from './types.js';
export { VERSION } from './version.js';
