import type { Capability } from './capabilities.js';
import type { GpuMap } from './catalog/gpu-map.js';
import type { HttpHooks, RetryOptions } from './http/events.js';
import type { Compute, ComputeFilter, ComputeRequest } from './specs/compute.js';
import type { CpuType } from './specs/cpu-type.js';
import type { GpuType } from './specs/gpu-type.js';
import type { Job, JobChunk, JobRef, JobRequest } from './specs/job.js';

/** What a call needs beyond its arguments. Every field is optional. */
export interface CallContext {
  /** The API key for this call; wins over the provider's settings and its environment variable. */
  readonly apiKey?: string;
  /** Override of the provider's main API base URL (a fake on loopback, a proxy). */
  readonly baseUrl?: string;
  /** Named overrides for providers with several APIs, e.g. `{ runtime: 'http://127.0.0.1:9000' }`. */
  readonly baseUrls?: Readonly<Record<string, string>>;
  /** Aborts the call, including retries and waits between them. */
  readonly signal?: AbortSignal;
  /** Time limit for each HTTP attempt. */
  readonly timeoutMs?: number;
  /** A fetch to use instead of the global one (tests, proxies, edge runtimes). */
  readonly fetch?: typeof globalThis.fetch;
  readonly hooks?: HttpHooks;
  readonly retry?: RetryOptions;
  /** For calls that create something: lets the provider find what an ambiguous failure created. */
  readonly idempotencyKey?: string;
}

/**
 * The contract every provider satisfies, structurally: a plain object or a class, no registration.
 * Methods resolve, or reject with an AtlasError. Optional methods exist exactly when the matching
 * capability is declared (serverless: runJob, getJob, cancelJob, streamJob; gpu_catalog:
 * listGpuTypes; logs: logs).
 */
export interface Provider {
  readonly id: string;
  readonly capabilities: readonly Capability[];
  /** Canonical GPU id -> native id(s) on this cloud. */
  readonly gpuMap?: GpuMap;
  spawnCompute(request: ComputeRequest, ctx?: CallContext): Promise<Compute>;
  getCompute(id: string, ctx?: CallContext): Promise<Compute>;
  /** Honours at least name, namePrefix and status. */
  listCompute(filter?: ComputeFilter, ctx?: CallContext): Promise<Compute[]>;
  /** Rejects AtlasError `unsupported` unless `stop_start` is declared. */
  stop(id: string, ctx?: CallContext): Promise<void>;
  /** Rejects AtlasError `unsupported` unless `stop_start` is declared. */
  start(id: string, ctx?: CallContext): Promise<void>;
  terminate(id: string, ctx?: CallContext): Promise<void>;
  runJob?(request: JobRequest, ctx?: CallContext): Promise<Job>;
  getJob?(ref: JobRef, ctx?: CallContext): Promise<Job>;
  cancelJob?(ref: JobRef, ctx?: CallContext): Promise<void>;
  streamJob?(ref: JobRef, ctx?: CallContext): AsyncIterable<JobChunk>;
  listGpuTypes?(ctx?: CallContext): Promise<GpuType[]>;
  /** CPU machine flavors with prices (the `cpu` capability). */
  listCpuTypes?(ctx?: CallContext): Promise<CpuType[]>;
  /** A machine's log lines, oldest first; with `follow`, keeps yielding until aborted. */
  logs?(id: string, options?: LogOptions, ctx?: CallContext): AsyncIterable<string>;
}

export interface LogOptions {
  /** Keep the stream open and yield new lines as they come, until ctx.signal aborts. */
  readonly follow?: boolean;
  /** Only the last N lines already written. */
  readonly tail?: number;
}

/** The methods each optional capability requires; the conformance suite checks both directions. */
export const CAPABILITY_METHODS = {
  serverless: ['runJob', 'getJob', 'cancelJob', 'streamJob'],
  gpu_catalog: ['listGpuTypes'],
  logs: ['logs'],
  cpu: ['listCpuTypes'],
} as const satisfies Partial<Record<Capability, readonly (keyof Provider)[]>>;
