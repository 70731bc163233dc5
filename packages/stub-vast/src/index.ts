export { createVast, type VastProvider, type VastSettings, VAST_DOCS_URL, vast } from './vast-provider.js';
export { VERSION } from './version.js';
