export { type FaultPlan, faultPlan, faultResponse, type InjectedError } from './fault-plan.js';
export { type FaultInjector, FaultTable } from './fault-table.js';
export { closeSignal, type FakeRequest, type FakeResponse, readJsonBody, readRequest, send } from './http-io.js';
export { type LoopbackOptions, type LoopbackServer, startLoopbackServer } from './loopback-server.js';
export { compilePathPattern } from './path-pattern.js';
export { type RouteMatch, type RoutePattern, Router } from './router.js';
export { VERSION } from './version.js';
