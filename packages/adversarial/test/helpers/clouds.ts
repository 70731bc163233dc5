import type { Provider } from '@atlas/core';
import { createLambdaLabs } from '@atlas/lambda-labs';
import { type LambdaFake, startLambdaFake } from '@atlas/lambda-labs/testing';
import { quote } from '@atlas/placement';
import { createRunPod } from '@atlas/runpod';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import type { CloudWithFake } from '@atlas/test-kit';
import { createVast } from '@atlas/vast';
import { startVastFake, type VastFake } from '@atlas/vast/testing';

export const CLOUDS = ['runpod', 'lambda-labs', 'vast'] as const satisfies readonly CloudWithFake[];
export type Cloud = (typeof CLOUDS)[number];

/** One machine as its fake keeps it, reduced to what the suite counts. */
export interface FakeMachine {
  readonly cloud: Cloud;
  readonly id: string;
  /** Still billing: not terminated (nor on its way there). */
  readonly live: boolean;
  /** The fake's whole record, as text: the owner stamp (session id) is somewhere in it. */
  readonly text: string;
}

/** A create request as it left a provider: which cloud, and which machines of the same stamp were live then. */
export interface CreateSent {
  readonly cloud: Cloud;
  readonly liveThen: readonly FakeMachine[];
}

export interface CloudsOptions {
  /** Client timeout of every provider (ms; default 10 s, which no loaded machine reaches). */
  readonly timeoutMs?: number;
  /** API keys the fakes accept (default: their random ones). */
  readonly apiKeys?: Partial<Record<Cloud, string>>;
}

/**
 * RunPod, Lambda Labs and Vast.ai, each the real provider against its own stateful fake on
 * 127.0.0.1, with fetches that see every create as it leaves (and what was live on all three
 * clouds at that instant): "at most one machine per session" is checked at every create, not only
 * at the end.
 */
export interface Clouds {
  readonly fakes: { readonly runpod: RunPodFake; readonly 'lambda-labs': LambdaFake; readonly vast: VastFake };
  readonly providers: Record<Cloud, Provider>;
  /** Every machine on the three fakes (terminated ones too, where the fake keeps them). */
  machines(): FakeMachine[];
  /** Create requests that reached each cloud's server (faulted ones included). */
  creates(): Record<Cloud, number>;
  /** Requests the providers sent to each cloud, of any kind (catalog reads included). */
  requests(): Record<Cloud, number>;
  /** Every create request the providers sent, in order. */
  readonly sent: CreateSent[];
  /** When the stamp is set, `sent` records the live machines carrying it at each create. */
  watch(stamp: string): void;
  /** Runs `fn` once, just before the next create request to `cloud` leaves. */
  onCreate(cloud: Cloud, fn: () => void): void;
  /**
   * Reads every catalog once, with a 10 s timeout, into the shared cache that placement reads
   * (60 s): a short client timeout meant for a create never loses a cloud's offers on a loaded machine.
   */
  warm(): Promise<void>;
  close(): Promise<void>;
}

/** The request that creates a machine on each cloud. */
const CREATE: Record<Cloud, (method: string, path: string) => boolean> = {
  runpod: (method, path) => method === 'POST' && /\/v2\/pods\/?$/.test(path),
  'lambda-labs': (method, path) => method === 'POST' && /instance-operations\/launch\/?$/.test(path),
  vast: (method, path) => method === 'PUT' && /\/api\/v0\/asks\/[^/]+\/?$/.test(path),
};

export async function startClouds(options: CloudsOptions = {}): Promise<Clouds> {
  const keys = options.apiKeys ?? {};
  const [runpod, lambda, vast] = await Promise.all([
    startRunPodFake({
      provisioningMs: 20,
      startingMs: 20,
      ...(keys.runpod === undefined ? {} : { apiKey: keys.runpod }),
    }),
    startLambdaFake({
      bootMs: 20,
      terminateMs: 20,
      ...(keys['lambda-labs'] === undefined ? {} : { apiKey: keys['lambda-labs'] }),
    }),
    startVastFake({ provisioningMs: 20, ...(keys.vast === undefined ? {} : { apiKey: keys.vast }) }),
  ]);
  const fakes = { runpod, 'lambda-labs': lambda, vast } as const;
  const sent: CreateSent[] = [];
  let stamp: string | undefined;
  const beforeCreate = new Map<Cloud, () => void>();
  const requests: Record<Cloud, number> = { runpod: 0, 'lambda-labs': 0, vast: 0 };

  function machines(): FakeMachine[] {
    return [
      ...runpod.pods.list().map((pod) => ({
        cloud: 'runpod' as const,
        id: pod.id,
        live: pod.status !== 'TERMINATED',
        text: JSON.stringify(pod),
      })),
      ...lambda.instances().map((instance) => ({
        cloud: 'lambda-labs' as const,
        id: instance.id,
        live: !['terminated', 'terminating', 'preempted'].includes(instance.status),
        text: JSON.stringify(instance),
      })),
      ...vast.instances.list().map((instance) => ({
        cloud: 'vast' as const,
        id: String(instance.id),
        // A destroyed instance leaves the fake's list: every one listed bills.
        live: true,
        text: JSON.stringify(instance),
      })),
    ];
  }

  const counting =
    (cloud: Cloud): typeof globalThis.fetch =>
    (input, init) => {
      // Read without building a Request: that would use up the body of one passed in.
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
      const url = input instanceof Request ? input.url : String(input);
      requests[cloud]++;
      if (CREATE[cloud](method, new URL(url).pathname)) {
        const liveThen = stamp === undefined ? [] : machines().filter((m) => m.live && m.text.includes(stamp!));
        sent.push({ cloud, liveThen });
        const fn = beforeCreate.get(cloud);
        beforeCreate.delete(cloud);
        fn?.();
      }
      return globalThis.fetch(input, init);
    };
  const timeout = { timeoutMs: options.timeoutMs ?? 10_000, retry: { limit: 2, backoffMs: 20, maxDelayMs: 200 } };
  const providers: Record<Cloud, Provider> = {
    runpod: createRunPod({
      apiKey: runpod.apiKey,
      baseUrl: runpod.url,
      runtimeBaseUrl: runpod.runtimeUrl,
      fetch: counting('runpod'),
      ...timeout,
    }),
    'lambda-labs': createLambdaLabs({
      apiKey: lambda.apiKey,
      baseUrl: lambda.url,
      launchIntervalMs: 0,
      fetch: counting('lambda-labs'),
      ...timeout,
    }),
    // The fake enforces no minimum interval between calls: no client-side pacing either.
    vast: createVast({ apiKey: vast.apiKey, baseUrl: vast.url, fetch: counting('vast'), minIntervalMs: 0, ...timeout }),
  };
  return {
    fakes,
    providers,
    machines,
    creates: () => ({
      runpod: runpod.faults.count('spawnCompute'),
      'lambda-labs': lambda.faults.count('spawnCompute'),
      vast: vast.faults.count('spawnCompute'),
    }),
    requests: () => ({ ...requests }),
    sent,
    watch: (value) => {
      stamp = value;
    },
    warm: async () => {
      const { errors } = await quote(
        { gpu: 'h100' },
        { providers: Object.values(providers), context: { timeoutMs: 10_000 } },
      );
      if (errors.length > 0) throw new Error(`a catalog read failed: ${errors.map((e) => e.error.message).join('; ')}`);
    },
    onCreate: (cloud, fn) => {
      beforeCreate.set(cloud, fn);
    },
    close: async () => {
      await Promise.all([runpod.close(), lambda.close(), vast.close()]);
    },
  };
}
