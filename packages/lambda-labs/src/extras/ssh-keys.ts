import type { CallContext, HttpClient } from '@atlas/core';
import { type AddSshKeyInput, AddSshKeySchema, ListSshKeysSchema, type SshKey } from '../api/ssh-keys.js';

export interface SshKeysApi {
  list(ctx?: CallContext): Promise<SshKey[]>;
  /** Adds your public key, or, without one, has Lambda generate a pair: `privateKey` is then returned, once. */
  add(input: AddSshKeyInput, ctx?: CallContext): Promise<SshKey & { privateKey?: string }>;
  delete(id: string, ctx?: CallContext): Promise<void>;
}

export const sshKeyOps = {
  list: async (client: HttpClient) =>
    (await client.request({ method: 'GET', path: 'ssh-keys', schema: ListSshKeysSchema })).data,
  add: async (client: HttpClient, input: AddSshKeyInput): Promise<SshKey & { privateKey?: string }> => {
    const { data } = await client.request({
      method: 'POST',
      path: 'ssh-keys',
      json: { name: input.name, ...(input.publicKey === undefined ? {} : { public_key: input.publicKey }) },
      schema: AddSshKeySchema,
    });
    const { private_key: privateKey, ...key } = data;
    return typeof privateKey === 'string' ? { ...key, privateKey } : key;
  },
  delete: async (client: HttpClient, id: string) => {
    await client.request({ method: 'DELETE', path: `ssh-keys/${encodeURIComponent(id)}`, responseType: 'none' });
  },
};
