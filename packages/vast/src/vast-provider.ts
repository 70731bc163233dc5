import {
  type CallContext,
  type Capability,
  type Compute,
  type ComputeFilter,
  type ComputeRequestInput,
  type GpuType,
  guardCall,
  type Provider,
} from '@atlas/core';
import type { Offer, SearchOffersBody } from './api/offers.js';
import type { SshKey } from './api/ssh-keys.js';
import { listGpuTypes } from './catalog.js';
import { effectiveContext, vastApi } from './client.js';
import {
  destroyInstance,
  getCompute,
  labelInstance,
  listCompute,
  rebootInstance,
  startInstance,
  stopInstance,
} from './compute/instances.js';
import { searchOffers } from './compute/offers.js';
import { spawnCompute } from './compute/spawn.js';
import {
  addSshKey,
  attachSshKey,
  listSshKeys,
  removeSshKey,
  sshConnection,
  type VastSshConnection,
} from './extras/ssh.js';
import { VAST_GPU_MAP } from './gpu-map.js';
import { PROVIDER_ID, type VastSettings } from './settings.js';

/**
 * What Vast really offers through this package: stop/start (start waits for the host's GPU),
 * interruptible instances at a bid (`spot`), the market as a catalog, and direct TCP ports
 * (mapped to other host ports, so not symmetric, and no proxy in front: no `http_proxy`).
 */
export const VAST_CAPABILITIES = [
  'stop_start',
  'spot',
  'gpu_catalog',
  'raw_tcp',
] as const satisfies readonly Capability[];

/** Account SSH keys (`/api/v0/ssh/`). */
export interface VastSshKeysApi {
  list(ctx?: CallContext): Promise<SshKey[]>;
  add(publicKey: string, ctx?: CallContext): Promise<SshKey>;
  remove(id: string, ctx?: CallContext): Promise<void>;
}

/** The Vast.ai provider: the common contract plus Vast's own extras. */
export interface VastProvider extends Provider {
  readonly id: 'vast';
  readonly capabilities: typeof VAST_CAPABILITIES;
  readonly gpuMap: typeof VAST_GPU_MAP;
  /** Takes the input form (defaults optional): the provider validates it before any request. */
  spawnCompute(request: ComputeRequestInput, ctx?: CallContext): Promise<Compute>;
  listGpuTypes(ctx?: CallContext): Promise<GpuType[]>;
  /** The marketplace: `POST /api/v0/bundles/` with Vast's own query (`{ gpu_name: { eq: 'RTX 4090' }, ... }`). */
  searchOffers(query: SearchOffersBody, ctx?: CallContext): Promise<Offer[]>;
  /** Restarts the container without giving up the GPU. */
  reboot(id: string, ctx?: CallContext): Promise<void>;
  /** Renames an instance (its label; at most 1024 characters). */
  label(id: string, name: string, ctx?: CallContext): Promise<void>;
  /** How to reach an instance over SSH. */
  ssh(id: string, ctx?: CallContext): Promise<VastSshConnection>;
  /** Attaches a public key to one instance. */
  attachSshKey(id: string, publicKey: string, ctx?: CallContext): Promise<void>;
  readonly sshKeys: VastSshKeysApi;
}

export function createVast(settings: VastSettings = {}): VastProvider {
  const api = (ctx?: CallContext) => vastApi(settings, effectiveContext(settings, ctx));
  const run = <T>(operation: string, call: () => Promise<T>) => guardCall(PROVIDER_ID, operation, call);

  return {
    id: PROVIDER_ID,
    capabilities: VAST_CAPABILITIES,
    gpuMap: VAST_GPU_MAP,

    spawnCompute: (request, ctx) =>
      run('spawnCompute', () => spawnCompute(() => api(ctx), request, effectiveContext(settings, ctx))),
    getCompute: (id, ctx) => run('getCompute', () => getCompute(api(ctx), id)),
    listCompute: (filter?: ComputeFilter, ctx?: CallContext) => run('listCompute', () => listCompute(api(ctx), filter)),
    stop: (id, ctx) => run('stop', () => stopInstance(api(ctx), id)),
    start: (id, ctx) => run('start', () => startInstance(api(ctx), id)),
    terminate: (id, ctx) => run('terminate', () => destroyInstance(api(ctx), id)),
    listGpuTypes: (ctx) => run('listGpuTypes', () => listGpuTypes(api(ctx))),

    searchOffers: (query, ctx) => run('searchOffers', () => searchOffers(api(ctx), query)),
    reboot: (id, ctx) => run('reboot', () => rebootInstance(api(ctx), id)),
    label: (id, name, ctx) => run('label', () => labelInstance(api(ctx), id, name)),
    ssh: (id, ctx) => run('ssh', () => sshConnection(api(ctx), id)),
    attachSshKey: (id, publicKey, ctx) => run('attachSshKey', () => attachSshKey(api(ctx), id, publicKey)),
    sshKeys: {
      list: (ctx) => run('sshKeys.list', () => listSshKeys(api(ctx))),
      add: (publicKey, ctx) => run('sshKeys.add', () => addSshKey(api(ctx), publicKey)),
      remove: (id, ctx) => run('sshKeys.remove', () => removeSshKey(api(ctx), id)),
    },
  };
}
