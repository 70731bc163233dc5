export {
  __PROVIDER_CONST___API_KEY_ENV,
  type __PROVIDER_NAME__Provider,
  type __PROVIDER_NAME__Settings,
  __providerName__,
  create__PROVIDER_NAME__,
} from './__PROVIDER_ID__-provider.js';
export { __PROVIDER_CONST___GPU_MAP } from './gpu-map.js';
/** Kept equal to package.json's version (test/version.test.ts checks it). */
export const VERSION = '0.1.0';
