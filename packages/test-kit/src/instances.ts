/**
 * Orchestrator instances in child processes, for the stores' restart and takeover tests: each runs
 * instance-worker.js on the store under test, and the test drives it over IPC, kills it (SIGKILL, as
 * a crashed machine) or closes it.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FactoryRef, InstanceEvent, InstanceRequest, WorkerConfig } from './instance-worker.js';

export type { FactoryRef, InstanceEvent } from './instance-worker.js';

const WORKER = fileURLToPath(new URL('./instance-worker.js', import.meta.url));

/** How to start one instance; module specifiers are resolved from `resolveFrom`. */
export interface InstanceConfig extends Omit<WorkerConfig, 'orchestratorModule'> {
  /**
   * The test's `import.meta.url`: `store.module`, `provider.module` and @atlas/orchestrator are
   * resolved from there, so the worker runs the packages the store's tests depend on.
   */
  readonly resolveFrom: string;
}

/** A session as it crosses the IPC channel (the JSON of the orchestrator's Session). */
export interface InstanceSession {
  readonly id: string;
  readonly computeId?: string;
  readonly idleDeadline: number;
  readonly maxDeadline: number;
  readonly [key: string]: unknown;
}

type Command = InstanceRequest extends infer R ? (R extends { seq: number } ? Omit<R, 'seq'> : never) : never;

/** The parent's handle on one orchestrator process. */
export interface Instance {
  readonly adopted: number;
  readonly events: InstanceEvent[];
  call<T = unknown>(command: Command): Promise<T>;
  spawn(limits?: { idleTtlMs?: number; maxRuntimeMs?: number }): Promise<InstanceSession>;
  /** SIGKILL: no close, no cleanup, as a crashed machine. */
  kill(): Promise<void>;
  /** Graceful: close() (sessions stay in the store), then the process exits. */
  close(): Promise<void>;
}

function workerConfig({ resolveFrom, ...config }: InstanceConfig): WorkerConfig {
  const require = createRequire(resolveFrom);
  const url = (specifier: string) => pathToFileURL(require.resolve(specifier)).href;
  const resolved = (ref: FactoryRef): FactoryRef => ({ ...ref, module: url(ref.module) });
  return {
    ...config,
    orchestratorModule: url('@atlas/orchestrator'),
    store: resolved(config.store),
    provider: resolved(config.provider),
  };
}

export async function startInstance(config: InstanceConfig): Promise<Instance> {
  const child: ChildProcess = fork(WORKER, [JSON.stringify(workerConfig(config))], {
    execArgv: ['--disable-warning=ExperimentalWarning'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const events: InstanceEvent[] = [];
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let seq = 0;
  const started = new Promise<{ adopted: number }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`instance exited early (${code})`)));
    child.on('message', (message: Record<string, unknown>) => {
      if ('ready' in message) resolve(message.ready as { adopted: number });
      else if ('event' in message) events.push(message.event as InstanceEvent);
      else {
        const waiter = pending.get(message.seq as number);
        pending.delete(message.seq as number);
        if ('error' in message) waiter?.reject(new Error(String(message.error)));
        else waiter?.resolve(message.result);
      }
    });
  });
  const { adopted } = await started;
  child.on('exit', () => {
    for (const waiter of pending.values()) waiter.reject(new Error('instance exited'));
  });
  const call = <T>(command: Command) =>
    new Promise<T>((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...command, seq: id });
    });
  return {
    adopted,
    events,
    call,
    spawn: (limits = {}) => call<InstanceSession>({ cmd: 'spawn', ...limits }),
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async close() {
      await call({ cmd: 'close' });
      await exited;
    },
  };
}

/** Polls `check` until it holds (real time: these tests run real processes), or fails after `timeoutMs`. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`not seen within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
