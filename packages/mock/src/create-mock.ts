import {
  type AtlasError,
  type AuthHandle,
  type CallContext,
  type Compute,
  type ComputeFilter,
  type ComputeRequest,
  type ComputeStatus,
  type CpuType,
  type ErrorKind,
  type GpuType,
  type Job,
  type JobChunk,
  type JobRef,
  type JobRequest,
  mintToken,
} from '@atlas/core';
import { defineProvider, matchesComputeFilter, parseJobRef, sleep, toNativeGpu } from '@atlas/core/provider';
import { MOCK_CPU_FLAVORS, MOCK_GPU_MAP, MOCK_OFFERS } from './catalog.js';
import { logLines } from './compute-logs.js';
import { type ComputeRecord, computeStatus, toCompute, transition } from './compute-record.js';
import { mockError, notFound, throwIfAborted } from './errors.js';
import { FaultQueue } from './fault-queue.js';
import { flavorFor, priceFor, toCpuType, toGpuType } from './gpu-types.js';
import { chunk, type JobRecord, jobStatus, nextEventAt, readyChunks, toJob } from './job-record.js';
import type { MockFailOptions, MockLogOptions, MockOperation, MockProvider, MockSettings } from './types.js';

/** Only what the mock really does; the conformance suite checks each one. */
export const MOCK_CAPABILITIES = [
  'serverless',
  'spot',
  'stop_start',
  'http_proxy',
  'raw_tcp',
  'symmetric_ports',
  'gpu_catalog',
  'logs',
  'cpu',
] as const;

const DEFAULT_REGION = 'mock-us-east-1';
/** Upper bound on one wait of a stream, so an injected clock that moves is noticed soon. */
const STREAM_POLL_MS = 20;

/** A job input `{ fail: 'message' }` makes the worker fail halfway with that error, as a crashing handler would. */
function failMessageOf(input: unknown): string | undefined {
  const fail = typeof input === 'object' && input !== null ? (input as { fail?: unknown }).fail : undefined;
  return typeof fail === 'string' ? fail : undefined;
}

/** A fresh in-memory provider. Deterministic when `clock` and `ids` are given. */
export function createMock(settings: MockSettings = {}): MockProvider {
  const provider = settings.id ?? 'mock';
  const clock = settings.clock ?? Date.now;
  const nextId = settings.ids ?? (() => globalThis.crypto.randomUUID());
  const provisioningMs = settings.provisioningMs ?? 50;
  const jobDurationMs = settings.jobDurationMs ?? 100;

  const computes = new Map<string, ComputeRecord>();
  /** What the first spawn with a key answered, so that a retry after a lost answer gets it again. */
  const byIdempotencyKey = new Map<string, { readonly id: string; readonly auth: AuthHandle | undefined }>();
  const jobs = new Map<string, JobRecord>();
  const faults = new FaultQueue(provider);

  let pageSize: number | undefined;

  /**
   * The simulated server: checks the caller's signal, then plays any injected delay (during which
   * ctx.signal and ctx.timeoutMs apply, as they do to an HTTP attempt) and failure.
   */
  async function serve(operation: MockOperation, ctx: CallContext | undefined): Promise<{ afterCreate?: AtlasError }> {
    throwIfAborted(provider, ctx);
    const fault = faults.take(operation);
    if (fault === undefined) return {};
    if (fault.delayMs !== undefined) await stall(fault.delayMs, ctx);
    if (fault.error === undefined) return {};
    if (fault.afterCreate) return { afterCreate: fault.error };
    throw fault.error;
  }

  async function stall(delayMs: number, ctx: CallContext | undefined): Promise<void> {
    const limit = ctx?.timeoutMs;
    await sleep(limit === undefined ? delayMs : Math.min(delayMs, limit), ctx?.signal);
    throwIfAborted(provider, ctx);
    if (limit !== undefined && limit < delayMs)
      throw mockError(provider, 'timeout', `${provider}: no response within ${limit} ms (${delayMs} ms injected)`);
  }

  /** One page of the store, as a paginating cloud would answer: `pageSize` records from `offset`. */
  function page(offset: number): { records: ComputeRecord[]; next: number | undefined } {
    const all = [...computes.values()];
    const end = pageSize === undefined ? all.length : offset + pageSize;
    return { records: all.slice(offset, end), next: end < all.length ? end : undefined };
  }

  function record(id: string): ComputeRecord {
    const found = computes.get(id);
    if (found === undefined) throw notFound(provider, 'compute', id);
    return found;
  }

  function view(found: ComputeRecord): Compute {
    return toCompute(found, computeStatus(found, clock(), provisioningMs), provider);
  }

  function jobRecord(ref: JobRef): JobRecord {
    const parsed = parseJobRef(ref, provider);
    const found = jobs.get(parsed.id);
    if (found === undefined || found.endpoint !== parsed.endpoint)
      throw notFound(provider, `job on endpoint '${parsed.endpoint}'`, parsed.id);
    return found;
  }

  function withAuth(compute: Compute, auth: AuthHandle | undefined): Compute {
    return auth === undefined ? compute : { ...compute, auth };
  }

  function conflict(found: ComputeRecord, action: string, status: ComputeStatus): AtlasError {
    return mockError(provider, 'conflict', `cannot ${action} compute '${found.id}': it is ${status}`);
  }

  /** What the request rents: a GPU offer, or a CPU flavor; priced per hour for the whole machine. */
  function machineFor(request: ComputeRequest) {
    if (request.gpu === undefined) {
      const flavor = flavorFor(request.cpu ?? { vcpus: 1 }, provider);
      if (request.spot === true) throw mockError(provider, 'unsupported', `${provider} has no spot CPU machines`);
      if (request.cloudType === 'community') {
        throw mockError(provider, 'capacity', `${provider} offers CPU machines in the secure cloud only`);
      }
      return {
        gpu: undefined,
        nativeType: flavor.id,
        gpuCount: 0,
        vcpus: flavor.vcpus,
        memoryGb: flavor.memoryGb,
        costPerHour: flavor.secure,
        cloudType: 'secure' as const,
      };
    }
    const nativeGpu = toNativeGpu(MOCK_GPU_MAP, request.gpu, provider);
    const offer = MOCK_OFFERS.find((o) => o.id === nativeGpu);
    if (offer === undefined) throw mockError(provider, 'capacity', `${nativeGpu} is not offered on ${provider}`);
    return {
      gpu: request.gpu,
      nativeType: nativeGpu,
      gpuCount: request.gpuCount,
      ...priceFor(offer, request, provider),
    };
  }

  async function spawnCompute(request: ComputeRequest, ctx: CallContext): Promise<Compute> {
    if (request.auth === 'signed_url') {
      throw mockError(
        provider,
        'unsupported',
        `${provider} does not issue signed URLs; use auth 'bearer', or signUrl from @atlas/core`,
      );
    }
    const machine = machineFor(request);
    const { afterCreate } = await serve('spawnCompute', ctx);
    const key = ctx.idempotencyKey;
    const existing = key === undefined ? undefined : byIdempotencyKey.get(key);
    if (existing !== undefined) return withAuth(view(record(existing.id)), existing.auth);

    const handle: AuthHandle | undefined = request.auth === 'bearer' ? await mintToken() : undefined;
    const now = clock();
    const created: ComputeRecord = {
      id: nextId(),
      name: request.name,
      image: request.image,
      templateId: request.templateId,
      ...machine,
      spot: request.spot ?? false,
      region: request.regionHints?.[0] ?? DEFAULT_REGION,
      ports: request.ports,
      env: { ...request.env, ...handle?.env },
      createdAt: now,
      state: 'provisioning',
      since: now,
      history: [{ at: now, state: 'provisioning' }],
    };
    computes.set(created.id, created);
    if (key !== undefined) byIdempotencyKey.set(key, { id: created.id, auth: handle });
    if (afterCreate !== undefined) throw afterCreate;
    // The token leaves the mock here (or in the replay of this answer); getCompute and listCompute never show it.
    return withAuth(view(created), handle);
  }

  async function getCompute(id: string, ctx: CallContext): Promise<Compute> {
    await serve('getCompute', ctx);
    return view(record(id));
  }

  async function listCompute(filter: ComputeFilter, ctx: CallContext): Promise<Compute[]> {
    await serve('listCompute', ctx);
    const records: ComputeRecord[] = [];
    for (let offset: number | undefined = 0; offset !== undefined; ) {
      const answer = page(offset);
      records.push(...answer.records);
      offset = answer.next;
    }
    // With the map, a canonical id matches every native id it stands for: { gpu: 'h100' } finds h100_sxm.
    return records.map(view).filter((compute) => matchesComputeFilter(compute, filter, MOCK_GPU_MAP));
  }

  async function stop(id: string, ctx: CallContext): Promise<void> {
    await serve('stop', ctx);
    const found = record(id);
    const status = computeStatus(found, clock(), provisioningMs);
    if (status === 'stopped') return;
    if (status === 'terminated' || status === 'failed') throw conflict(found, 'stop', status);
    transition(found, 'stopped', clock());
  }

  async function start(id: string, ctx: CallContext): Promise<void> {
    await serve('start', ctx);
    const found = record(id);
    const status = computeStatus(found, clock(), provisioningMs);
    if (status === 'running' || status === 'provisioning') return;
    if (status === 'terminated' || status === 'failed') throw conflict(found, 'start', status);
    transition(found, 'provisioning', clock());
  }

  async function terminate(id: string, ctx: CallContext): Promise<void> {
    await serve('terminate', ctx);
    const found = record(id);
    if (found.state !== 'terminated') transition(found, 'terminated', clock());
  }

  async function runJob(request: JobRequest, ctx: CallContext): Promise<Job> {
    await serve('runJob', ctx);
    const now = clock();
    const job: JobRecord = {
      id: nextId(),
      endpoint: request.endpoint,
      input: request.input,
      createdAt: now,
      startedAt: request.mode === 'sync' ? now - jobDurationMs : now,
      durationMs: jobDurationMs,
      executionTimeoutMs: request.policy?.executionTimeoutMs,
      failMessage: failMessageOf(request.input),
    };
    jobs.set(job.id, job);
    return toJob(job, now, provider);
  }

  async function getJob(ref: JobRef, ctx: CallContext): Promise<Job> {
    await serve('getJob', ctx);
    return toJob(jobRecord(ref), clock(), provider);
  }

  async function cancelJob(ref: JobRef, ctx: CallContext): Promise<void> {
    await serve('cancelJob', ctx);
    const job = jobRecord(ref);
    if (jobStatus(job, clock()) === 'in_queue' || jobStatus(job, clock()) === 'in_progress') job.cancelledAt = clock();
  }

  async function* streamJob(ref: JobRef, ctx: CallContext): AsyncGenerator<JobChunk> {
    await serve('streamJob', ctx);
    const job = jobRecord(ref);
    let next = 0;
    for (;;) {
      const now = clock();
      const ready = readyChunks(job, now);
      while (next < ready) yield chunk(next++);
      if (jobStatus(job, now) !== 'in_queue' && jobStatus(job, now) !== 'in_progress') return;
      await sleep(Math.min(STREAM_POLL_MS, Math.max(1, nextEventAt(job, now) - now)), ctx?.signal);
      throwIfAborted(provider, ctx);
    }
  }

  async function* logs(id: string, options: MockLogOptions, ctx: CallContext): AsyncGenerator<string> {
    await serve('logs', ctx);
    const found = record(id);
    const backlog = logLines(found, clock(), provisioningMs).length;
    let sent = options.tail === undefined ? 0 : Math.max(0, backlog - options.tail);
    for (;;) {
      const now = clock();
      const lines = logLines(found, now, provisioningMs);
      while (sent < lines.length) yield lines[sent++]?.line ?? '';
      const status = computeStatus(found, now, provisioningMs);
      if (!options.follow || status === 'terminated' || status === 'failed') return;
      await sleep(STREAM_POLL_MS, ctx?.signal);
      throwIfAborted(provider, ctx);
    }
  }

  async function listGpuTypes(ctx: CallContext): Promise<GpuType[]> {
    await serve('listGpuTypes', ctx);
    const observedAt = new Date(clock()).toISOString();
    return MOCK_OFFERS.map((offer) => toGpuType(offer, provider, observedAt));
  }

  async function listCpuTypes(ctx: CallContext): Promise<CpuType[]> {
    await serve('listCpuTypes', ctx);
    const observedAt = new Date(clock()).toISOString();
    return MOCK_CPU_FLAVORS.map((flavor) => toCpuType(flavor, provider, observedAt));
  }

  // The boundary validates every argument, registers secrets and converts errors; the controls
  // below are the mock's extras (synchronous, as tests call them).
  return defineProvider({
    id: provider,
    capabilities: MOCK_CAPABILITIES,
    gpuMap: MOCK_GPU_MAP,
    operations: {
      spawnCompute,
      getCompute,
      listCompute,
      stop,
      start,
      terminate,
      runJob,
      getJob,
      cancelJob,
      streamJob,
      listGpuTypes,
      listCpuTypes,
      logs: (id, options, ctx) => logs(id, options as MockLogOptions, ctx),
    },
    extras: () => ({
      reset() {
        computes.clear();
        byIdempotencyKey.clear();
        jobs.clear();
        faults.clear();
        pageSize = undefined;
      },
      failNext(operation: MockOperation, error: ErrorKind | AtlasError, failSettings?: MockFailOptions) {
        faults.add(operation, error, failSettings);
      },
      delayNext(operation: MockOperation, delayMs: number, delaySettings?: { times?: number }) {
        faults.addDelay(operation, delayMs, delaySettings?.times);
      },
      setPageSize(size: number | undefined) {
        pageSize = size;
      },
      readJobInput(ref: JobRef) {
        return jobRecord(ref).input;
      },
      clearFaults() {
        faults.clear();
      },
      setStatus(id: string, status: ComputeStatus) {
        transition(record(id), status, clock());
      },
      readEnv(id: string) {
        return { ...record(id).env };
      },
    }),
  });
}
