import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Session } from '@atlas/orchestrator';
import type { InstanceConfig, InstanceEvent, InstanceRequest } from './instance-worker.js';

const WORKER = fileURLToPath(new URL('./instance-worker.ts', import.meta.url));

type Command = InstanceRequest extends infer R ? (R extends { seq: number } ? Omit<R, 'seq'> : never) : never;

/** The parent's handle on one orchestrator process. */
export interface Instance {
  readonly adopted: number;
  readonly events: InstanceEvent[];
  call<T = unknown>(command: Command): Promise<T>;
  spawn(limits?: { idleTtlMs?: number; maxRuntimeMs?: number }): Promise<Session>;
  /** SIGKILL: no close, no cleanup, as a crashed machine. */
  kill(): Promise<void>;
  /** Graceful: close() (sessions stay in the store), then the process exits. */
  close(): Promise<void>;
}

export async function startInstance(config: InstanceConfig): Promise<Instance> {
  const child: ChildProcess = fork(WORKER, [JSON.stringify(config)], {
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
    spawn: (limits = {}) => call<Session>({ cmd: 'spawn', ...limits }),
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
