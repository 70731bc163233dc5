// The wire shapes the fake answers with, typed for tests that read state through the accessors.
import type { JobStatus } from './job-store.js';
import type { PodAction, PodStatus } from './pod-store.js';

export interface FakePodSshEndpoint {
  host: string;
  port: number;
  username: string;
  command: string;
}

export interface FakePodRuntimePort {
  private: number;
  public: number | null;
  type: string;
  ip: string | null;
}

/** Schema `Pod` of openapi-v2.json, as far as the fake fills it. */
export interface FakePod {
  id: string;
  name: string;
  image: string;
  args: string;
  disk: number;
  ports: string[];
  env: Record<string, string>;
  registry: string | null;
  status: PodStatus;
  actions: PodAction[];
  mounts: Record<string, unknown>;
  gpu?: { id: string; count: number };
  cpu?: { id: string; vcpuCount: number; memory: number };
  cloud: 'SECURE' | 'COMMUNITY';
  dataCenterId: string;
  cudaVersion: string | null;
  ssh: { proxy: FakePodSshEndpoint | null; direct: FakePodSshEndpoint | null };
  template: string | null;
  cost: number;
  locked: boolean;
  globalNetworking: { enabled: boolean };
  runtime: {
    uptime: number;
    gpus: Array<{ util: number; memoryUtil: number }>;
    cpu: { util: number };
    memory: { util: number };
    ports: FakePodRuntimePort[];
  } | null;
  createdAt: string;
  startedAt: string | null;
}

/** Schema `Job` of serverless-openapi.yaml, as /status answers it. */
export interface FakeJob {
  id: string;
  status: JobStatus;
  delayTime?: number;
  executionTime?: number;
  input?: unknown;
  output?: unknown;
  error?: string;
}
