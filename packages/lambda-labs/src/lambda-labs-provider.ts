import type { CallContext, Capability } from '@atlas/core';
import { defineProvider, parseId } from '@atlas/core/provider';
import type { CreateFileSystemInput } from './api/file-systems.js';
import type { AddSshKeyInput } from './api/ssh-keys.js';
import { listCpuTypes, listGpuTypes } from './compute/catalog.js';
import { getCompute, listCompute, restart, terminate } from './compute/instances.js';
import { checkRequest, spawnCompute } from './compute/spawn.js';
import { createFileSystem, deleteFileSystem, type FileSystemsApi, listFileSystems } from './extras/file-systems.js';
import { listImages } from './extras/images.js';
import { addSshKey, deleteSshKey, listSshKeys, type SshKeysApi } from './extras/ssh-keys.js';
import { LAMBDA_GPU_MAP } from './gpu-map.js';
import {
  DEFAULT_LAUNCH_INTERVAL_MS,
  DEFAULT_MAX_LAUNCH_ATTEMPTS,
  DEFAULT_SSH_KEY_NAME,
  type LambdaLabsSettings,
  PROVIDER_ID,
} from './settings.js';

/**
 * What Lambda really implements through this package: a priced catalog (GPU and CPU types),
 * filesystems mounted at spawn, and VMs on a public IP whose ports are opened as they are (raw
 * TCP, the same number outside and in). No `stop_start`: Lambda instances can only be restarted
 * or terminated. No `http_proxy` (URLs are the VM's IP, plain HTTP), no `serverless`, no `spot`.
 */
export const LAMBDA_LABS_CAPABILITIES = [
  'gpu_catalog',
  'cpu',
  'network_volumes',
  'raw_tcp',
  'symmetric_ports',
] as const satisfies readonly Capability[];

const NO_STOP =
  'Lambda instances can only be restarted or terminated (Lambda has no stop; a stopped VM would lose its local disk anyway). ' +
  'Use terminate, or restart to reboot.';

export function createLambdaLabs(settings: LambdaLabsSettings = {}) {
  const { launchIntervalMs, maxLaunchAttempts, sshKeyName, ...http } = settings;
  const spawnOptions = {
    launchIntervalMs: launchIntervalMs ?? DEFAULT_LAUNCH_INTERVAL_MS,
    maxLaunchAttempts: maxLaunchAttempts ?? DEFAULT_MAX_LAUNCH_ATTEMPTS,
    sshKeyName: sshKeyName ?? DEFAULT_SSH_KEY_NAME,
    atlasKeys: new Map<string, Promise<string>>(),
  };
  return defineProvider({
    id: PROVIDER_ID,
    capabilities: LAMBDA_LABS_CAPABILITIES,
    gpuMap: LAMBDA_GPU_MAP,
    settings: http,
    unsupported: { stop: NO_STOP, start: NO_STOP },
    checkRequest,
    operations: {
      spawnCompute: (request, ctx) => spawnCompute(request, ctx, spawnOptions),
      getCompute,
      listCompute,
      terminate,
      listGpuTypes,
      listCpuTypes,
    },
    extras: (kit) => {
      const id = (value: unknown) => parseId(value, 'id', PROVIDER_ID);
      const fileSystems: FileSystemsApi = {
        list: (ctx?: CallContext) => listFileSystems(kit.context(ctx)),
        create: (input: CreateFileSystemInput, ctx?: CallContext) => createFileSystem(input, kit.context(ctx)),
        delete: async (fsId: string, ctx?: CallContext) => deleteFileSystem(id(fsId), kit.context(ctx)),
      };
      const sshKeys: SshKeysApi = {
        list: (ctx?: CallContext) => listSshKeys(kit.context(ctx)),
        add: (input: AddSshKeyInput, ctx?: CallContext) => addSshKey(input, kit.context(ctx)),
        delete: async (keyId: string, ctx?: CallContext) => deleteSshKey(id(keyId), kit.context(ctx)),
      };
      return {
        /** Reboots the VM (`POST /instance-operations/restart`); the container restarts with it. */
        restart: async (instanceId: string, ctx?: CallContext) => restart(id(instanceId), kit.context(ctx)),
        /** OS images (`GET /images`). */
        images: (ctx?: CallContext) => listImages(kit.context(ctx)),
        fileSystems,
        sshKeys,
      };
    },
  });
}

/** The Lambda Labs provider: the common contract plus Lambda's own extras. */
export type LambdaLabsProvider = ReturnType<typeof createLambdaLabs>;
