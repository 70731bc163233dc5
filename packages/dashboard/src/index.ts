export { createDashboard } from './create-dashboard.js';
export type { Dashboard, DashboardOptions, DashboardOrchestrator } from './options.js';
export type { SessionView } from './session-view.js';
export { VERSION } from './version.js';
