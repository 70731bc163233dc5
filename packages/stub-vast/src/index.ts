export { createVast, VAST_DOCS_URL, type VastProvider, type VastSettings, vast } from './vast-provider.js';
export { VERSION } from './version.js';
