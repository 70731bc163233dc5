import type { CallContext, GpuId, PortRequest, Provider } from '@atlas/core';
import type { FaultInjector, FaultScenario } from './faults.js';
import type { ConformanceHooks } from './hooks.js';

/** The test groups of describeProviderConformance. */
export const CONFORMANCE_GROUPS = [
  'contract',
  'lifecycle',
  'auth',
  'errors',
  'raw',
  'serverless',
  'catalog',
  'cpu',
  'faults',
] as const;
export type ConformanceGroup = (typeof CONFORMANCE_GROUPS)[number];

export interface ConformanceTimeouts {
  /** Per test and per hook (default 30 000 ms). */
  testMs?: number;
  /** How long to poll for a compute or a job to reach the expected state (default 20 000 ms). */
  readyMs?: number;
  /** Delay between two polls (default 50 ms). */
  pollMs?: number;
}

/** A provider's view of a compute's environment, for checking what spawn injected. */
export type ReadEnv<P extends Provider = Provider> = (
  provider: P,
  id: string,
) => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>;

export interface ProviderConformanceOptions<P extends Provider = Provider> {
  /** Label of the top-level describe (default 'provider conformance'). */
  name?: string;
  /** Returns a fresh provider; called once while tests are collected (to read the capabilities), then once per group, after `reset`. */
  factory: () => P | Promise<P>;
  /** Puts the backing service (a fake server, a mock) back to an empty state; called before each group. */
  reset?: () => void | Promise<void>;
  /** The CallContext passed to every call (a function is called before each call). */
  context?: CallContext | (() => CallContext);
  /** Which groups to run. Default: contract, lifecycle, auth, errors, raw, plus serverless and
   * catalog when declared, plus faults when `faults` is given. */
  groups?: readonly ConformanceGroup[];
  /** A canonical GPU id the provider can spawn, one or two at a time. */
  gpu: GpuId;
  /** An image the provider can run. */
  image: string;
  /** A GPU id the provider does not offer (default 'atlas_conformance_no_such_gpu'). */
  unknownGpu?: string;
  /** Ports requested by spawns (default one http port, 8000, plus tcp 22 when raw_tcp is declared). */
  ports?: readonly PortRequest[];
  timeouts?: ConformanceTimeouts;
  /** Reads a compute's environment; enables the check that the bearer token reaches it. */
  readEnv?: ReadEnv<P>;
  /** Enables the faults group. */
  faults?: FaultInjector;
  /** Which fault scenarios to run (default all). */
  faultScenarios?: readonly FaultScenario[];
  /**
   * The job the serverless group runs (default endpoint 'atlas-conformance', input
   * { prompt: 'atlas conformance stream check' }); `chunks`, when given, is how many chunks its stream yields.
   */
  job?: { endpoint: string; input: unknown; chunks?: number };
  /** Ways to make a compute fail, a job fail, lists paginate, and to name the secrets to look for (see ConformanceHooks). */
  hooks?: ConformanceHooks<P>;
}

export interface StubConformanceOptions<P extends Provider = Provider> {
  /** Label of the top-level describe (default 'stub conformance'). */
  name?: string;
  factory: () => P | Promise<P>;
  context?: CallContext | (() => CallContext);
  /** Used in the spawn the stub must refuse (defaults 'h100' and 'atlas/conformance:1'). */
  gpu?: GpuId;
  image?: string;
  timeouts?: Pick<ConformanceTimeouts, 'testMs'>;
}
