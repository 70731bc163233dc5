import type { CallContext } from '@atlas/core';
import { type AddSshKeyInput, AddSshKeySchema, ListSshKeysSchema, type SshKey } from '../api/ssh-keys.js';
import { lambdaHttp } from '../http.js';

export interface SshKeysApi {
  list(ctx?: CallContext): Promise<SshKey[]>;
  /** Adds your public key, or, without one, has Lambda generate a pair: `privateKey` is then returned, once. */
  add(input: AddSshKeyInput, ctx?: CallContext): Promise<SshKey & { privateKey?: string }>;
  delete(id: string, ctx?: CallContext): Promise<void>;
}

export async function listSshKeys(ctx: CallContext): Promise<SshKey[]> {
  return (await lambdaHttp(ctx).request({ method: 'GET', path: 'ssh-keys', schema: ListSshKeysSchema })).data;
}

export async function addSshKey(input: AddSshKeyInput, ctx: CallContext): Promise<SshKey & { privateKey?: string }> {
  const { data } = await lambdaHttp(ctx).request({
    method: 'POST',
    path: 'ssh-keys',
    json: { name: input.name, ...(input.publicKey === undefined ? {} : { public_key: input.publicKey }) },
    schema: AddSshKeySchema,
  });
  const { private_key: privateKey, ...key } = data;
  return typeof privateKey === 'string' ? { ...key, privateKey } : key;
}

export async function deleteSshKey(id: string, ctx: CallContext): Promise<void> {
  await lambdaHttp(ctx).request({ method: 'DELETE', path: `ssh-keys/${encodeURIComponent(id)}`, responseType: 'none' });
}
