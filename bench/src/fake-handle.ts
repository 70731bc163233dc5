import { fork } from 'node:child_process';
import type { FaultOperation } from '@atlas/core/testing';
import type { RunPodFakeOptions } from '@atlas/runpod/testing';
import type { CountRequest, FakeProcessInput, FakeProcessReady } from './fake-process.js';

export interface FakeHandle extends FakeProcessReady {
  /** Requests per operation that reached the fake since the previous call (the first call: since it started). */
  requests(operations: readonly FaultOperation[]): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** Starts the RunPod fake in a child process (see fake-process.ts) and waits until it listens. */
export async function startFake(options: RunPodFakeOptions, seedPods = 0): Promise<FakeHandle> {
  const input: FakeProcessInput = { options, seedPods };
  const child = fork(new URL('./fake-process.js', import.meta.url), [JSON.stringify(input)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<FakeProcessReady>((resolve, reject) => {
    child.once('message', (message) => resolve(message as FakeProcessReady));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the fake process exited early (code ${code})`)));
  });
  child.removeAllListeners('exit');
  return {
    ...ready,
    requests: (operations) =>
      new Promise((resolve) => {
        const onMessage = (message: unknown) => {
          if (typeof message !== 'object' || message === null || !('counts' in message)) return;
          child.off('message', onMessage);
          resolve((message as { counts: Record<string, number> }).counts);
        };
        child.on('message', onMessage);
        child.send({ count: operations } satisfies CountRequest);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}
