export { createFly, FLY_DOCS_URL, type FlyProvider, type FlySettings, fly } from './fly-provider.js';
export { VERSION } from './version.js';
