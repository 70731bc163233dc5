import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { BASE, instance, KEY, provider, rejection, useNock } from './helpers.js';

useNock();

type Body = Record<string, unknown>;

function capture(method: 'put' | 'post' | 'delete' | 'get', path: string, status: number, reply: unknown) {
  const seen: { body?: unknown; auth?: string | null; count: number } = { count: 0 };
  nock(BASE)
    [method](path)
    .reply(async (req: Request) => {
      seen.count += 1;
      const text = await req.text();
      seen.body = text === '' ? undefined : JSON.parse(text);
      seen.auth = req.headers.get('authorization');
      return [status, reply as Body];
    });
  return seen;
}

describe('extras', () => {
  it('searchOffers posts the caller query as it is', async () => {
    const seen = capture('post', '/api/v0/bundles/', 200, { offers: [] });
    const query = {
      gpu_name: { in: ['RTX 4090', 'RTX 3090'] },
      num_gpus: { gte: 2 },
      order: [['dph_total', 'asc']],
      limit: 5,
    };
    expect(await provider().searchOffers(query as never)).toEqual([]);
    expect(seen.body).toEqual(query);
    expect(seen.auth).toBe(`Bearer ${KEY}`);
  });

  it('reboot PUTs /instances/reboot/{id}/ without a body; label PUTs the name', async () => {
    const reboot = capture('put', '/api/v0/instances/reboot/7/', 200, { success: true });
    const label = capture('put', '/api/v0/instances/7/', 200, { success: true });
    await provider().reboot('7');
    await provider().label('7', 'renamed');
    expect(reboot.body).toBeUndefined();
    expect(label.body).toEqual({ label: 'renamed' });
  });

  it('ssh gives the proxy route and the direct one when 22 is mapped', async () => {
    nock(BASE)
      .get('/api/v0/instances/7/')
      .reply(200, { instances: instance({ id: 7 }) });
    expect(await provider().ssh('7')).toEqual({
      user: 'root',
      host: 'ssh4.vast.ai',
      port: 12345,
      command: 'ssh -p 12345 root@ssh4.vast.ai',
      direct: { host: '203.0.113.42', port: 41001 },
    });
  });

  it('ssh of an instance still provisioning (no endpoint yet) is a retryable conflict', async () => {
    nock(BASE)
      .get('/api/v0/instances/7/')
      .reply(200, { instances: instance({ id: 7, ssh_host: null, ssh_port: null, ports: null, actual_status: null }) });
    const error = await rejection(() => provider().ssh('7'));
    expect(error.kind).toBe('conflict');
    expect(error.retryable).toBe(true);
  });

  it('SSH keys: list, add, remove; attach to an instance', async () => {
    capture('get', '/api/v0/ssh/', 200, [{ id: 3, public_key: 'ssh-ed25519 AAA a@b', created_at: '2026-01-01' }]);
    const add = capture('post', '/api/v0/ssh/', 200, { success: true, key: { id: 4, public_key: 'ssh-ed25519 BBB' } });
    const remove = capture('delete', '/api/v0/ssh/4/', 200, { success: true });
    const attach = capture('post', '/api/v0/instances/7/ssh/', 200, { success: true, msg: 'attached' });
    expect((await provider().sshKeys.list()).map((k) => k.id)).toEqual([3]);
    expect((await provider().sshKeys.add('ssh-ed25519 BBB')).id).toBe(4);
    await provider().sshKeys.remove('4');
    await provider().attachSshKey('7', 'ssh-ed25519 BBB');
    expect(add.body).toEqual({ ssh_key: 'ssh-ed25519 BBB' });
    expect(remove.count).toBe(1);
    expect(attach.body).toEqual({ ssh_key: 'ssh-ed25519 BBB' });
  });

  it('a non-numeric SSH key or instance id is not_found without a request', async () => {
    expect((await rejection(() => provider().sshKeys.remove('abc'))).kind).toBe('not_found');
    expect((await rejection(() => provider().reboot('abc'))).kind).toBe('not_found');
  });
});
