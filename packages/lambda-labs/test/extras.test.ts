import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { API, BASE, instance, provider, rejection, useNock } from './helpers.js';

useNock();

const FS = {
  id: 'fs1',
  name: 'models',
  mount_point: '/lambda/nfs/models',
  created: '2026-01-01T00:00:00Z',
  created_by: { id: 'u1', email: 'a@example.com', status: 'active' },
  is_in_use: false,
  region: { name: 'us-east-1', description: 'Virginia, USA' },
};

describe('extras: the request shapes', () => {
  it('fileSystems: create posts to /filesystems, list reads /file-systems, delete its id', async () => {
    nock(API)
      .post(`${BASE}/filesystems`, { name: 'models', region: 'us-east-1' })
      .reply(200, { data: FS })
      .get(`${BASE}/file-systems`)
      .reply(200, { data: [FS] })
      .delete(`${BASE}/filesystems/fs1`)
      .reply(200, { data: { deleted_ids: ['fs1'] } });
    const lambda = provider();
    expect(await lambda.fileSystems.create({ name: 'models', region: 'us-east-1' })).toMatchObject({ id: 'fs1' });
    expect((await lambda.fileSystems.list()).map((fs) => fs.name)).toEqual(['models']);
    await lambda.fileSystems.delete('fs1');
  });

  it('a filesystem in use cannot be deleted: conflict', async () => {
    nock(API)
      .delete(`${BASE}/filesystems/fs1`)
      .reply(400, { error: { code: 'filesystems/filesystem-in-use', message: 'Filesystem is in use.' } });
    expect((await rejection(provider().fileSystems.delete('fs1'))).kind).toBe('conflict');
  });

  it('sshKeys: add sends public_key, returns a generated private key once, delete by id', async () => {
    nock(API)
      .post(`${BASE}/ssh-keys`, { name: 'laptop', public_key: 'ssh-ed25519 AAAA me' })
      .reply(200, { data: { id: 'k1', name: 'laptop', public_key: 'ssh-ed25519 AAAA me' } })
      .post(`${BASE}/ssh-keys`, { name: 'generated' })
      .reply(200, { data: { id: 'k2', name: 'generated', public_key: 'ssh-ed25519 BBBB', private_key: 'PRIVATE' } })
      .delete(`${BASE}/ssh-keys/k1`)
      .reply(200, { data: {} });
    const lambda = provider();
    expect(await lambda.sshKeys.add({ name: 'laptop', publicKey: 'ssh-ed25519 AAAA me' })).not.toHaveProperty(
      'privateKey',
    );
    expect((await lambda.sshKeys.add({ name: 'generated' })).privateKey).toBe('PRIVATE');
    await lambda.sshKeys.delete('k1');
  });

  it('images and restart', async () => {
    nock(API)
      .get(`${BASE}/images`)
      .reply(200, {
        data: [
          {
            id: 'img1',
            name: 'Lambda Stack 24.04',
            description: 'x',
            family: 'lambda-stack-24-04',
            version: '24.04.1',
            architecture: 'x86_64',
            region: { name: 'us-east-1', description: 'x' },
            created_time: '2025-01-01T00:00:00Z',
            updated_time: '2025-01-01T00:00:00Z',
          },
        ],
      })
      .post(`${BASE}/instance-operations/restart`, { instance_ids: ['i-1'] })
      .reply(200, { data: { restarted_instances: [instance({ id: 'i-1' })] } });
    const lambda = provider();
    expect((await lambda.images()).map((i) => i.family)).toEqual(['lambda-stack-24-04']);
    expect((await lambda.restart('i-1')).id).toBe('i-1');
  });

  it('an id that is not a path segment is validation, with no request', async () => {
    expect((await rejection(provider().fileSystems.delete('../instances'))).kind).toBe('validation');
    expect((await rejection(provider().restart(''))).kind).toBe('validation');
  });
});
