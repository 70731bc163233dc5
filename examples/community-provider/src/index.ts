export { ACME_API_KEY_ENV, type AcmeProvider, type AcmeSettings, acme, createAcme } from './acme-provider.js';
export { ACME_GPU_MAP } from './gpu-map.js';
export const VERSION = '0.1.0';
