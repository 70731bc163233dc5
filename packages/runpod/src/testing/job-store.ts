import { jobId } from './ids.js';
import type { FakeJob } from './views.js';

export type JobStatus = 'IN_QUEUE' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED' | 'TIMED_OUT';

/** serverless.md: `policy.ttl` defaults to 24 h. */
const DEFAULT_TTL_MS = 86_400_000;

const TERMINAL: ReadonlySet<JobStatus> = new Set(['COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT']);

function isTerminal(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

interface JobTimings {
  readonly jobQueueMs: number;
  readonly jobDurationMs: number;
}

interface JobRecord {
  readonly id: string;
  readonly endpoint: string;
  readonly input: unknown;
  readonly createdAt: number;
  /** After this the job is gone and status checks answer 404 (policy.ttl, default 24 h). */
  readonly expiresAt: number;
  readonly chunks: readonly unknown[];
  readonly durationMs: number;
  readonly executionTimeoutMs: number | undefined;
  /** Error of the first attempt when the input asks to fail (`input.fail`); a retry then succeeds. */
  readonly failMessage: string | undefined;
  attemptAt: number;
  attempt: number;
  cancelled: boolean;
  /** How many chunks /stream has already handed out (each poll drains). */
  streamed: number;
}

/**
 * The work a job does, decided by its input: a `prompt` string streams one chunk per word, any
 * other input streams itself as one chunk. `durationMs` and `fail` let tests steer a job.
 */
function plan(input: unknown): { chunks: unknown[]; durationMs?: number; fail?: string } {
  const fields = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const chunks = typeof fields.prompt === 'string' ? fields.prompt.split(/\s+/).filter((w) => w !== '') : [input];
  return {
    chunks: chunks.length > 0 ? chunks : [''],
    ...(typeof fields.durationMs === 'number' ? { durationMs: fields.durationMs } : {}),
    ...(typeof fields.fail === 'string' ? { fail: fields.fail } : {}),
  };
}

/** Serverless jobs whose status is derived from timestamps: IN_QUEUE, IN_PROGRESS, then terminal. */
export class JobStore {
  readonly #jobs = new Map<string, JobRecord>();
  readonly #retried = new Map<string, number>();
  readonly #timings: JobTimings;

  constructor(timings: JobTimings) {
    this.#timings = timings;
  }

  clear(): void {
    this.#jobs.clear();
    this.#retried.clear();
  }

  create(
    endpoint: string,
    body: { input: unknown; policy?: { executionTimeout?: number; ttl?: number } },
    sync: boolean,
    now = Date.now(),
  ): string {
    const work = plan(body.input);
    const id = jobId(sync);
    this.#jobs.set(id, {
      id,
      endpoint,
      input: body.input,
      createdAt: now,
      expiresAt: now + (body.policy?.ttl ?? DEFAULT_TTL_MS),
      chunks: work.chunks,
      durationMs: work.durationMs ?? this.#timings.jobDurationMs,
      executionTimeoutMs: body.policy?.executionTimeout,
      failMessage: work.fail,
      attemptAt: now,
      attempt: 1,
      cancelled: false,
      streamed: 0,
    });
    return id;
  }

  /** The job if it exists on that endpoint (a job id is only valid under its endpoint) and has not expired. */
  #find(endpoint: string, id: string, now = Date.now()): JobRecord | undefined {
    const job = this.#jobs.get(id);
    if (job && now > job.expiresAt) {
      this.#jobs.delete(id);
      return undefined;
    }
    return job?.endpoint === endpoint ? job : undefined;
  }

  has(endpoint: string, id: string): boolean {
    return this.#find(endpoint, id) !== undefined;
  }

  ids(): string[] {
    return [...this.#jobs.keys()];
  }

  endpointOf(id: string): string | undefined {
    return this.#jobs.get(id)?.endpoint;
  }

  status(endpoint: string, id: string, now = Date.now()): JobStatus | undefined {
    const job = this.#find(endpoint, id);
    return job && this.#status(job, now);
  }

  /** ms until the job reaches a terminal status (0 if it has). */
  msUntilDone(endpoint: string, id: string, now = Date.now()): number {
    const job = this.#find(endpoint, id);
    if (!job || job.cancelled) return 0;
    return Math.max(0, job.attemptAt + this.#timings.jobQueueMs + this.#runMs(job) - now);
  }

  /** The input the job was submitted with (what its worker received), for the conformance hooks. */
  inputOf(endpoint: string, id: string): unknown {
    return this.#find(endpoint, id)?.input;
  }

  /** The body of /status (schema Job of serverless-openapi.yaml). */
  view(endpoint: string, id: string, now = Date.now()): FakeJob | undefined {
    const job = this.#find(endpoint, id);
    if (!job) return undefined;
    const status = this.#status(job, now);
    const view: FakeJob = { id: job.id, status };
    const queuedFor = Math.min(now - job.attemptAt, this.#timings.jobQueueMs);
    if (status !== 'IN_QUEUE') view.delayTime = Math.round(queuedFor);
    if (status === 'IN_PROGRESS') view.input = job.input;
    if (isTerminal(status) && status !== 'CANCELLED') view.executionTime = Math.round(this.#runMs(job));
    if (status === 'COMPLETED') view.output = job.chunks;
    if (status === 'FAILED') view.error = job.failMessage ?? 'job failed';
    if (status === 'TIMED_OUT') view.error = 'job timed out';
    return view;
  }

  /** The body of /stream: the chunks produced since the previous poll. */
  drain(endpoint: string, id: string, now = Date.now()): Record<string, unknown> | undefined {
    const job = this.#find(endpoint, id);
    if (!job) return undefined;
    const status = this.#status(job, now);
    const ready = this.#chunksReady(job, status, now);
    const stream = job.chunks.slice(job.streamed, ready).map((output) => ({ output }));
    job.streamed = Math.max(job.streamed, ready);
    return { status, stream };
  }

  cancel(endpoint: string, id: string, now = Date.now()): boolean {
    const job = this.#find(endpoint, id);
    if (!job) return false;
    if (!isTerminal(this.#status(job, now))) job.cancelled = true;
    return true;
  }

  /** Requeues a FAILED or TIMED_OUT job with the same id and input; `invalid` otherwise. */
  retry(endpoint: string, id: string, now = Date.now()): 'ok' | 'not_found' | 'invalid' {
    const job = this.#find(endpoint, id);
    if (!job) return 'not_found';
    const status = this.#status(job, now);
    if (status !== 'FAILED' && status !== 'TIMED_OUT') return 'invalid';
    job.attempt += 1;
    job.attemptAt = now;
    job.streamed = 0;
    this.#retried.set(endpoint, (this.#retried.get(endpoint) ?? 0) + 1);
    return 'ok';
  }

  /** Removes the endpoint's queued jobs; in-progress ones continue (serverless.md). */
  purge(endpoint: string, now = Date.now()): number {
    let removed = 0;
    for (const job of this.#jobs.values()) {
      if (job.endpoint === endpoint && this.#status(job, now) === 'IN_QUEUE') {
        this.#jobs.delete(job.id);
        removed += 1;
      }
    }
    return removed;
  }

  health(endpoint: string, now = Date.now()): Record<string, unknown> {
    const jobs = { completed: 0, failed: 0, inProgress: 0, inQueue: 0, retried: this.#retried.get(endpoint) ?? 0 };
    for (const job of this.#jobs.values()) {
      if (job.endpoint !== endpoint) continue;
      const status = this.#status(job, now);
      if (status === 'COMPLETED') jobs.completed += 1;
      else if (status === 'FAILED' || status === 'TIMED_OUT') jobs.failed += 1;
      else if (status === 'IN_PROGRESS') jobs.inProgress += 1;
      else if (status === 'IN_QUEUE') jobs.inQueue += 1;
    }
    const running = Math.min(3, jobs.inProgress);
    return {
      jobs,
      workers: {
        idle: running > 0 ? 0 : 1,
        initializing: 0,
        ready: running > 0 ? 0 : 1,
        running,
        throttled: 0,
        unhealthy: 0,
      },
    };
  }

  #timesOut(job: JobRecord): boolean {
    return job.executionTimeoutMs !== undefined && job.durationMs > job.executionTimeoutMs;
  }

  #runMs(job: JobRecord): number {
    return this.#timesOut(job) ? job.executionTimeoutMs! : job.durationMs;
  }

  #status(job: JobRecord, now: number): JobStatus {
    if (job.cancelled) return 'CANCELLED';
    const elapsed = now - job.attemptAt;
    if (elapsed < this.#timings.jobQueueMs) return 'IN_QUEUE';
    if (elapsed < this.#timings.jobQueueMs + this.#runMs(job)) return 'IN_PROGRESS';
    if (this.#timesOut(job)) return 'TIMED_OUT';
    return job.failMessage !== undefined && job.attempt === 1 ? 'FAILED' : 'COMPLETED';
  }

  /** Chunks appear evenly over the run; a completed job has produced all of them. */
  #chunksReady(job: JobRecord, status: JobStatus, now: number): number {
    if (status === 'COMPLETED') return job.chunks.length;
    // Queued jobs have produced nothing yet; failed or cancelled ones produce nothing more.
    if (status !== 'IN_PROGRESS') return job.streamed;
    const progress = (now - job.attemptAt - this.#timings.jobQueueMs) / Math.max(1, job.durationMs);
    return Math.min(job.chunks.length, Math.floor(progress * job.chunks.length));
  }
}
