import { AtlasError } from '@atlas/core';
import { SuccessResponseSchema } from '../api/instances.js';
import { CreateSshKeyResponseSchema, type SshKey, SshKeyListSchema } from '../api/ssh-keys.js';
import type { VastApi } from '../client.js';
import { getInstance, instanceId } from '../compute/instances.js';
import { PROVIDER_ID } from '../settings.js';

/** How to reach an instance over SSH: Vast's proxy (`ssh_host`/`ssh_port`), and the direct port when mapped. */
export interface VastSshConnection {
  readonly user: 'root';
  readonly host: string;
  readonly port: number;
  /** `ssh -p <port> root@<host>` */
  readonly command: string;
  /** The direct route (public IP and the host port mapped to 22), when the instance exposes 22. */
  readonly direct?: { readonly host: string; readonly port: number };
}

function keyId(id: string): string {
  if (!/^\d{1,18}$/.test(id)) {
    throw new AtlasError({ kind: 'not_found', provider: PROVIDER_ID, message: `vast: no SSH key '${id}'.` });
  }
  return id;
}

export async function listSshKeys(api: VastApi): Promise<SshKey[]> {
  return api.request('ssh', { method: 'GET', path: 'api/v0/ssh/', schema: SshKeyListSchema });
}

/** Adds a public key to the account (Vast adds it to every current instance too). */
export async function addSshKey(api: VastApi, publicKey: string): Promise<SshKey> {
  const body = await api.request('ssh', {
    method: 'POST',
    path: 'api/v0/ssh/',
    json: { ssh_key: publicKey },
    schema: CreateSshKeyResponseSchema,
  });
  return body.key;
}

export async function removeSshKey(api: VastApi, id: string): Promise<void> {
  await api.request('ssh', { method: 'DELETE', path: `api/v0/ssh/${keyId(id)}/`, schema: SuccessResponseSchema });
}

/** Attaches a public key to one instance. */
export async function attachSshKey(api: VastApi, id: string, publicKey: string): Promise<void> {
  await api.request('ssh', {
    method: 'POST',
    path: `api/v0/instances/${instanceId(id)}/ssh/`,
    json: { ssh_key: publicKey },
    schema: SuccessResponseSchema,
    idempotent: true,
  });
}

export async function sshConnection(api: VastApi, id: string): Promise<VastSshConnection> {
  const instance = await getInstance(api, id);
  const host = instance.ssh_host ?? undefined;
  const port = instance.ssh_port ?? undefined;
  const ports = instance.ports;
  const mapped =
    ports && !Array.isArray(ports)
      ? Number((ports as Record<string, { HostPort?: string }[] | null>)['22/tcp']?.[0]?.HostPort)
      : Number.NaN;
  const ip = instance.public_ipaddr?.trim();
  const direct = ip && Number.isInteger(mapped) && mapped > 0 ? { host: ip, port: mapped } : undefined;
  if (host === undefined || port === undefined) {
    if (direct !== undefined)
      return { user: 'root', ...direct, command: `ssh -p ${direct.port} root@${direct.host}`, direct };
    throw new AtlasError({
      kind: 'conflict',
      provider: PROVIDER_ID,
      message: `vast: instance ${id} has no SSH endpoint yet (status ${instance.actual_status ?? 'provisioning'}); try again once it runs.`,
      retryable: true,
    });
  }
  return {
    user: 'root',
    host,
    port,
    command: `ssh -p ${port} root@${host}`,
    ...(direct === undefined ? {} : { direct }),
  };
}
