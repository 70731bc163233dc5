import { isAtlasError } from '@atlas/core';
import { type HttpClient, registerSecret } from '@atlas/core/provider';
import { AddSshKeySchema, ListSshKeysSchema } from '../api/ssh-keys.js';

/**
 * The name of Atlas's SSH key on the account, created on first use and reused after that (by this
 * process through `known`, by any other through the list). Lambda requires a key on every launch;
 * Atlas's runs the container through cloud-init and needs no login, so the private half Lambda
 * generates is registered as a secret and dropped, never logged or returned. To SSH in, spawn with
 * providerOptions `{ sshKeyName: 'your-key' }`.
 */
export async function ensureAtlasKey(
  client: HttpClient,
  name: string,
  known: Map<string, Promise<string>>,
  account: string,
): Promise<string> {
  const cached = known.get(account);
  if (cached !== undefined) return cached;
  const pending = findOrCreate(client, name);
  known.set(account, pending);
  pending.catch(() => known.delete(account));
  return pending;
}

async function findOrCreate(client: HttpClient, name: string): Promise<string> {
  if (await exists(client, name)) return name;
  try {
    const { data } = await client.request({
      method: 'POST',
      path: 'ssh-keys',
      json: { name },
      schema: AddSshKeySchema,
    });
    registerSecret(data.private_key ?? undefined);
    return data.name;
  } catch (error) {
    // Another process created it between our list and our create.
    if (isAtlasError(error) && error.kind === 'conflict' && (await exists(client, name))) return name;
    throw error;
  }
}

async function exists(client: HttpClient, name: string): Promise<boolean> {
  const { data } = await client.request({ method: 'GET', path: 'ssh-keys', schema: ListSshKeysSchema });
  return data.some((key) => key.name === name);
}
