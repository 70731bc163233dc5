export { createDashboard } from './create-dashboard.js';
export type { EventView } from './event-view.js';
export type { MachineKind, MachineView, ProviderMachines } from './machines.js';
export type { Dashboard, DashboardOptions, DashboardOrchestrator, OrchestratorSpend } from './options.js';
export type { PlacementAttemptView, SessionView } from './session-view.js';
export { VERSION } from './version.js';
