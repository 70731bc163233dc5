export { createOtelHooks, type OtelHooksOptions } from './otel-hooks.js';
export { type PlacementAttemptEvent, placementSpans } from './placement-spans.js';
export { VERSION } from './version.js';
