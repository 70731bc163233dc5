export type { AtlasLike } from './backend.js';
export type { BudgetOptions, SpendSummary } from './budget.js';
export { type Clock, realClock } from './clock.js';
export type { EventOf, OrchestratorEvent, OrchestratorEventType } from './events.js';
export { createMemoryStore, type MemoryStoreOptions } from './memory-store.js';
export type { Logger, OrchestratorOptions, SpawnedSession, SpawnRequest, TerminateRetryOptions } from './options.js';
export { createOrchestrator, type Orchestrator } from './orchestrator.js';
export { parseStamp, stampName, stampPrefix } from './owner-stamp.js';
export type { EndpointResolver, HttpProbe, ProbeEndpoint, TcpProbe } from './probe.js';
export type { ReapCandidate } from './reap-plan.js';
export type { ReapResult } from './reaper.js';
export type { ReconcileOptions } from './reconcile.js';
export type {
  EndReason,
  NewSession,
  Session,
  SessionChanges,
  SessionCompute,
  SessionOffer,
  SessionPlacement,
  SessionPlacementAttempt,
  SessionState,
} from './session.js';
export type { PlacementRequest } from './spawn-placement.js';
export { sessionSpendUsd } from './spend.js';
export type { SpendQuery, SpendRecord } from './spend-record.js';
export type { SessionStore } from './store.js';
export { VERSION } from './version.js';
export type { WaitReadyOptions } from './wait-ready.js';
