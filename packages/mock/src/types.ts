import type {
  AtlasError,
  CallContext,
  Compute,
  ComputeRequestInput,
  ComputeStatus,
  CpuType,
  ErrorKind,
  GpuType,
  Job,
  JobChunk,
  JobRef,
  JobRequestInput,
  Provider,
} from '@atlas/core';
import type { GpuMap } from '@atlas/core/provider';
import type { FaultOperation } from '@atlas/core/testing';

export interface MockSettings {
  /** Milliseconds since the epoch; inject one to drive the state machines by hand (default Date.now). */
  clock?: () => number;
  /** Id generator for computes and jobs (default random UUIDs). */
  ids?: () => string;
  /** How long a compute stays `provisioning` before it is `running` (default 50). */
  provisioningMs?: number;
  /** How long a job takes from submission to `completed` (default 100). */
  jobDurationMs?: number;
  /** The provider id stamped on results and errors (default 'mock'). */
  id?: string;
}

/** The operations failNext can break: every fault-injectable one, and the rest of the contract. */
export type MockOperation = FaultOperation | 'cancelJob' | 'streamJob' | 'listGpuTypes' | 'listCpuTypes' | 'logs';

export interface MockFailOptions {
  /** How many consecutive calls fail (default 1). */
  times?: number;
  /** For spawnCompute: create the compute, then fail (an ambiguous failure, as after a lost response). */
  afterCreate?: boolean;
}

export interface MockLogOptions {
  /** Keep the stream open and yield lines as the clock produces them, until the compute ends (default false: the backlog, then stop). */
  follow?: boolean;
  /** Only the last `tail` lines of the backlog. */
  tail?: number;
}

/** The in-memory provider: every optional method is present, plus test controls. */
export interface MockProvider extends Provider {
  readonly gpuMap: GpuMap;
  /** Takes the input form (defaults optional): the boundary validates it before the mock runs. */
  spawnCompute(request: ComputeRequestInput, ctx?: CallContext): Promise<Compute>;
  runJob(request: JobRequestInput, ctx?: CallContext): Promise<Job>;
  getJob(ref: JobRef, ctx?: CallContext): Promise<Job>;
  cancelJob(ref: JobRef, ctx?: CallContext): Promise<void>;
  streamJob(ref: JobRef, ctx?: CallContext): AsyncIterable<JobChunk>;
  listGpuTypes(ctx?: CallContext): Promise<GpuType[]>;
  /** The mock's CPU flavors (mock-cpu-2 ... mock-cpu-32), secure cloud only. */
  listCpuTypes(ctx?: CallContext): Promise<CpuType[]>;
  /** The compute's log lines (`<ISO time> <message>`), derived from its status history. */
  logs(id: string, options?: MockLogOptions, ctx?: CallContext): AsyncIterable<string>;
  /** Forget every compute, job and pending fault. */
  reset(): void;
  /** Make the next call(s) of an operation reject with this error (a kind, or a ready AtlasError). */
  failNext(operation: MockOperation, error: ErrorKind | AtlasError, options?: MockFailOptions): void;
  /** Make the next call(s) of an operation stall `delayMs` first (ctx.signal and ctx.timeoutMs apply), then be served. */
  delayNext(operation: MockOperation, delayMs: number, options?: { times?: number }): void;
  /** Answer the store in pages of `size` (undefined: one page), so that listCompute must follow every page. */
  setPageSize(size: number | undefined): void;
  /** The input a job's worker received. */
  readJobInput(ref: JobRef): unknown;
  /** Drop every pending failNext and delayNext. */
  clearFaults(): void;
  /** Force a compute into a status (a preempted or crashed machine is `failed`). */
  setStatus(id: string, status: ComputeStatus): void;
  /** The environment the compute was started with, including ATLAS_PRESHARED_KEY for bearer auth. */
  readEnv(id: string): Readonly<Record<string, string>>;
}
