import type { Provider } from '@atlas/core';

/** Where a provider's endpoints live, as the CLI resolved them (flags > env > config file). */
export interface EndpointSettings {
  readonly baseUrl?: string;
  readonly runtimeUrl?: string;
}

/** Why a name is only reserved: a provider still to come, or one whose cloud stopped offering GPUs. */
export interface StubInfo {
  readonly status: 'placeholder' | 'retired';
  /** What the stub itself answers (the CLI says it too where the stub lacks the operation, e.g. gpus). */
  readonly reason: string;
}

/** A provider the CLI knows by name. Packages load lazily so `atlas --help` stays fast. */
export interface ProviderEntry {
  readonly id: string;
  readonly packageName: string;
  /** The environment variable its real provider reads the API key from; undefined for the mock. A stub needs none. */
  readonly keyEnv: string | undefined;
  readonly summary: string;
  /** Set for a reserved name whose every operation is unsupported: never queried unless asked for. */
  readonly stub?: StubInfo;
  load(settings: EndpointSettings): Promise<Provider>;
}

export const PROVIDERS: readonly ProviderEntry[] = [
  {
    id: 'runpod',
    packageName: '@atlas/runpod',
    keyEnv: 'RUNPOD_API_KEY',
    summary: 'RunPod pods (REST v2), serverless runtime, GPU catalog',
    load: async (s) => {
      const { createRunPod } = await import('@atlas/runpod');
      return createRunPod({
        ...(s.baseUrl === undefined ? {} : { baseUrl: s.baseUrl }),
        ...(s.runtimeUrl === undefined ? {} : { runtimeBaseUrl: s.runtimeUrl }),
      });
    },
  },
  {
    id: 'mock',
    packageName: '@atlas/mock',
    keyEnv: undefined,
    summary: 'in memory, per process: state lives only as long as one atlas command',
    load: async () => (await import('@atlas/mock')).createMock(mockTimings()),
  },
  {
    id: 'lambda-labs',
    packageName: '@atlas/lambda-labs',
    keyEnv: 'LAMBDA_API_KEY',
    summary: 'Lambda Cloud VMs (cloud-init runs the image), GPU and CPU catalog, filesystems',
    load: async (s) => {
      const { createLambdaLabs } = await import('@atlas/lambda-labs');
      return createLambdaLabs(s.baseUrl === undefined ? {} : { baseUrl: s.baseUrl });
    },
  },
  {
    id: 'vast',
    packageName: '@atlas/vast',
    keyEnv: 'VAST_API_KEY',
    summary: 'Vast.ai marketplace: rents the cheapest fitting offer, stop/start, spot, GPU market catalog',
    load: async (s) => {
      const { createVast } = await import('@atlas/vast');
      return createVast(s.baseUrl === undefined ? {} : { baseUrl: s.baseUrl });
    },
  },
  {
    id: 'fly',
    packageName: '@atlas/stub-fly',
    keyEnv: 'FLY_API_TOKEN',
    stub: {
      status: 'retired',
      reason: 'Fly.io retired GPU Machines on 2026-07-31 (no GPU can be rented there since 2026-08-01).',
    },
    summary: 'stub: Fly retired GPU Machines on 2026-07-31',
    load: async () => (await import('@atlas/stub-fly')).createFly(),
  },
];

export const PROVIDER_IDS: readonly string[] = PROVIDERS.map((p) => p.id);

export function findProvider(id: string): ProviderEntry | undefined {
  return PROVIDERS.find((p) => p.id === id);
}

/**
 * The mock lives in one process, so its timings are the only state a test of a single command can
 * set: ATLAS_MOCK_PROVISIONING_MS and ATLAS_MOCK_JOB_MS (e.g. a long wait to interrupt).
 */
function mockTimings(env: NodeJS.ProcessEnv = process.env): { provisioningMs?: number; jobDurationMs?: number } {
  const read = (name: string) => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
  };
  const provisioningMs = read('ATLAS_MOCK_PROVISIONING_MS');
  const jobDurationMs = read('ATLAS_MOCK_JOB_MS');
  return {
    ...(provisioningMs === undefined ? {} : { provisioningMs }),
    ...(jobDurationMs === undefined ? {} : { jobDurationMs }),
  };
}
