import {
  AtlasError,
  type CallContext,
  type Capability,
  type Compute,
  type ComputeFilter,
  type ComputeRequestInput,
  type GpuType,
  guardCall,
  type HttpClient,
  type Provider,
} from '@atlas/core';
import type { Image } from './api/images.js';
import { apiKeyFor, effectiveContext, lambdaClient } from './client.js';
import { listGpuTypes } from './compute/catalog.js';
import { getCompute, listCompute, restartInstance, terminateInstance } from './compute/instances.js';
import { spawnCompute } from './compute/spawn.js';
import { ensureAtlasKey } from './compute/ssh-key.js';
import { type FileSystemsApi, fileSystemOps } from './extras/file-systems.js';
import { listImages } from './extras/images.js';
import { type SshKeysApi, sshKeyOps } from './extras/ssh-keys.js';
import { LAMBDA_GPU_MAP } from './gpu-map.js';
import {
  DEFAULT_BASE_URL,
  DEFAULT_LAUNCH_INTERVAL_MS,
  DEFAULT_MAX_LAUNCH_ATTEMPTS,
  DEFAULT_SSH_KEY_NAME,
  type LambdaLabsSettings,
  PROVIDER_ID,
} from './settings.js';

/**
 * What Lambda really implements through this package: a priced catalog, filesystems mounted at
 * spawn, and VMs on a public IP whose ports are opened as they are (raw TCP, the same number
 * outside and in). No `stop_start`: Lambda instances can only be restarted or terminated. No
 * `http_proxy` (URLs are the VM's IP, plain HTTP), no `serverless`, no `spot`.
 */
export const LAMBDA_LABS_CAPABILITIES = [
  'gpu_catalog',
  'network_volumes',
  'raw_tcp',
  'symmetric_ports',
] as const satisfies readonly Capability[];

/** The Lambda Labs provider: the common contract plus Lambda's own extras. */
export interface LambdaLabsProvider extends Provider {
  readonly id: 'lambda-labs';
  readonly capabilities: typeof LAMBDA_LABS_CAPABILITIES;
  readonly gpuMap: typeof LAMBDA_GPU_MAP;
  spawnCompute(request: ComputeRequestInput, ctx?: CallContext): Promise<Compute>;
  listGpuTypes(ctx?: CallContext): Promise<GpuType[]>;
  /** Reboots the VM (`POST /instance-operations/restart`); the container restarts with it. */
  restart(id: string, ctx?: CallContext): Promise<Compute>;
  readonly fileSystems: FileSystemsApi;
  readonly sshKeys: SshKeysApi;
  /** OS images (`GET /images`). */
  images(ctx?: CallContext): Promise<Image[]>;
}

const NO_STOP =
  'Lambda instances cannot be stopped or started, only restarted or terminated (a stopped VM would lose its local disk anyway). ' +
  'Use terminate, or restart to reboot.';

export function createLambdaLabs(settings: LambdaLabsSettings = {}): LambdaLabsProvider {
  /** Atlas's SSH key name per account (base URL + key), looked up or created once. */
  const atlasKeys = new Map<string, Promise<string>>();
  const call = <T>(
    operation: string,
    ctx: CallContext | undefined,
    run: (client: HttpClient, c: CallContext) => Promise<T>,
  ) =>
    guardCall(PROVIDER_ID, operation, () => {
      const c = effectiveContext(settings, ctx);
      return run(lambdaClient(settings, c), c);
    });
  const withId = <T>(
    operation: string,
    id: unknown,
    ctx: CallContext | undefined,
    run: (client: HttpClient, id: string) => Promise<T>,
  ) =>
    guardCall(PROVIDER_ID, operation, () => {
      assertId(id);
      return call(operation, ctx, (client) => run(client, id));
    });

  return {
    id: PROVIDER_ID,
    capabilities: LAMBDA_LABS_CAPABILITIES,
    gpuMap: LAMBDA_GPU_MAP,

    spawnCompute: (request: ComputeRequestInput, ctx?: CallContext) =>
      guardCall(PROVIDER_ID, 'spawnCompute', () =>
        spawnCompute(request, () => {
          const c = effectiveContext(settings, ctx);
          const apiKey = apiKeyFor(settings, c);
          const client = lambdaClient(settings, c);
          const account = `${c.baseUrl ?? settings.baseUrl ?? DEFAULT_BASE_URL}\n${apiKey}`;
          return {
            client,
            ctx: c,
            apiKey,
            launchIntervalMs: settings.launchIntervalMs ?? DEFAULT_LAUNCH_INTERVAL_MS,
            maxLaunchAttempts: settings.maxLaunchAttempts ?? DEFAULT_MAX_LAUNCH_ATTEMPTS,
            atlasKey: () => ensureAtlasKey(client, settings.sshKeyName ?? DEFAULT_SSH_KEY_NAME, atlasKeys, account),
          };
        }),
      ),
    getCompute: (id: string, ctx?: CallContext) => withId('getCompute', id, ctx, getCompute),
    listCompute: (filter?: ComputeFilter, ctx?: CallContext) =>
      call('listCompute', ctx, (client) => listCompute(client, filter)),
    stop: (id: string) => guardCall(PROVIDER_ID, 'stop', () => Promise.reject(unsupported('stop', id))),
    start: (id: string) => guardCall(PROVIDER_ID, 'start', () => Promise.reject(unsupported('start', id))),
    terminate: (id: string, ctx?: CallContext) => withId('terminate', id, ctx, terminateInstance),
    listGpuTypes: (ctx?: CallContext) => call('listGpuTypes', ctx, listGpuTypes),

    restart: (id: string, ctx?: CallContext) => withId('restart', id, ctx, restartInstance),
    images: (ctx?: CallContext) => call('images', ctx, listImages),
    fileSystems: {
      list: (ctx?: CallContext) => call('fileSystems.list', ctx, fileSystemOps.list),
      create: (input, ctx?: CallContext) =>
        call('fileSystems.create', ctx, (client) => fileSystemOps.create(client, input)),
      delete: (id: string, ctx?: CallContext) => withId('fileSystems.delete', id, ctx, fileSystemOps.delete),
    },
    sshKeys: {
      list: (ctx?: CallContext) => call('sshKeys.list', ctx, sshKeyOps.list),
      add: (input, ctx?: CallContext) => call('sshKeys.add', ctx, (client) => sshKeyOps.add(client, input)),
      delete: (id: string, ctx?: CallContext) => withId('sshKeys.delete', id, ctx, sshKeyOps.delete),
    },
  };
}

function unsupported(operation: 'stop' | 'start', id: unknown): AtlasError {
  return new AtlasError({
    kind: 'unsupported',
    provider: PROVIDER_ID,
    message: `${PROVIDER_ID} cannot ${operation} instance '${String(id)}': ${NO_STOP}`,
  });
}

function assertId(id: unknown): asserts id is string {
  if (typeof id === 'string' && id.trim() !== '') return;
  throw new AtlasError({
    kind: 'validation',
    provider: PROVIDER_ID,
    message: `Invalid id: must be a non-empty string, got ${typeof id === 'string' ? "''" : typeof id}`,
    issues: [{ path: 'id', message: 'must be a non-empty string' }],
  });
}
