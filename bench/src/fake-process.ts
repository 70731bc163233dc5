/**
 * Child-process entry: serves the RunPod fake on its own event loop (and, on 2 cores, its own
 * core), so the client under test does not pay for the server's work, as with a real remote API.
 * Reads RunPodFakeOptions plus `seedPods` as JSON in argv[2], answers the parent over IPC.
 */
import type { FaultOperation } from '@atlas/core/testing';
import { type RunPodFakeOptions, startRunPodFake } from '@atlas/runpod/testing';

export interface FakeProcessInput {
  readonly options: RunPodFakeOptions;
  readonly seedPods: number;
}

export interface FakeProcessReady {
  readonly url: string;
  readonly runtimeUrl: string;
  readonly apiKey: string;
  readonly podIds: string[];
}

const input = JSON.parse(process.argv[2] ?? '{}') as FakeProcessInput;
const fake = await startRunPodFake(input.options);
const ids = input.seedPods > 0 ? fake.seedPods(input.seedPods) : [];
const ready: FakeProcessReady = {
  url: fake.url,
  runtimeUrl: fake.runtimeUrl,
  apiKey: fake.apiKey,
  podIds: ids.slice(0, 1),
};
process.send?.(ready);
/** Asks the fake how many requests of each operation reached it since the last ask (then clears). */
export interface CountRequest {
  readonly count: readonly FaultOperation[];
}

process.on('message', (message: unknown) => {
  if (message === 'close') void fake.close().then(() => process.exit(0));
  else if (typeof message === 'object' && message !== null && 'count' in message) {
    const { count } = message as CountRequest;
    const counts = Object.fromEntries(count.map((operation) => [operation, fake.faults.count(operation)]));
    fake.faults.clear();
    process.send?.({ counts });
  }
});
process.on('disconnect', () => process.exit(0));
