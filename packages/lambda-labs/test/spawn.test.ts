import { PRESHARED_KEY_ENV } from '@atlas/core';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { createLambdaLabs } from '../src/index.js';
import { envOf, imageOf } from '../src/testing/cloud-init.js';
import { API, BASE, instance, instanceType, KEY, lambdaError, provider, rejection, useNock } from './helpers.js';

// nock also offers a GET to a POST's body matcher (body undefined): matchers refuse it.
useNock();

const H100_TYPES = {
  gpu_1x_h100_sxm5: {
    instance_type: instanceType('gpu_1x_h100_sxm5', 1, 329),
    regions_with_capacity_available: [
      { name: 'us-south-2', description: 'North Texas, USA' },
      { name: 'us-south-3', description: 'Central Texas, USA' },
    ],
  },
  gpu_2x_h100_sxm5: {
    instance_type: instanceType('gpu_2x_h100_sxm5', 2, 638),
    regions_with_capacity_available: [{ name: 'us-south-3', description: 'Central Texas, USA' }],
  },
  gpu_1x_h100_pcie: {
    instance_type: instanceType('gpu_1x_h100_pcie', 1, 249, '1x H100 (80 GB PCIe)'),
    regions_with_capacity_available: [{ name: 'us-west-3', description: 'Utah, USA' }],
  },
};

const ATLAS_KEY = { data: [{ id: 'k1', name: 'atlas', public_key: 'ssh-ed25519 AAAA atlas' }] };
const CAPACITY = lambdaError(
  'instance-operations/launch/insufficient-capacity',
  'Not enough capacity to fulfill launch request.',
  'Choose an instance type with more availability, or try again later.',
);

function ruleset(id: string, region: string) {
  return {
    data: {
      id,
      name: `atlas-fw-${id}`,
      region: { name: region, description: region },
      rules: [],
      created: '2026-01-01T00:00:00Z',
      instance_ids: [],
    },
  };
}

describe('spawnCompute: the launch request', () => {
  it('sends the region, the instance type, Atlas key, the name, tags, the firewall ruleset and a cloud-init script', async () => {
    let launch: Record<string, unknown> = {};
    let firewall: Record<string, unknown> = {};
    const api = nock(API, { reqheaders: { authorization: `Bearer ${KEY}` } })
      .get(`${BASE}/instance-types`)
      .reply(200, { data: H100_TYPES })
      .get(`${BASE}/ssh-keys`)
      .reply(200, ATLAS_KEY)
      .post(`${BASE}/firewall-rulesets`, (body) => {
        if (!body) return false;
        firewall = body;
        return true;
      })
      .reply(200, ruleset('fw1', 'us-south-2'))
      .post(`${BASE}/instance-operations/launch`, (body) => {
        if (!body) return false;
        launch = body;
        return true;
      })
      .reply(200, { data: { instance_ids: ['i-1'] } })
      .get(`${BASE}/instances/i-1`)
      .reply(200, () => ({
        data: instance({ id: 'i-1', name: launch.name, status: 'booting', ip: undefined, tags: launch.tags }),
      }));

    const compute = await provider().spawnCompute({
      gpu: 'h100',
      image: 'ghcr.io/me/infer:1',
      name: 'atlas-app-s1',
      ports: [{ port: 8000, protocol: 'http' }],
      env: { MODEL: "llama's" },
      auth: 'bearer',
    });

    expect(api.isDone()).toBe(true);
    expect(launch).toMatchObject({
      region_name: 'us-south-2',
      instance_type_name: 'gpu_1x_h100_sxm5',
      ssh_key_names: ['atlas'],
      name: 'atlas-app-s1',
      firewall_rulesets: [{ id: 'fw1' }],
    });
    const tags = Object.fromEntries((launch.tags as { key: string; value: string }[]).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({
      'atlas-owner': 'app',
      'atlas-ports': '8000/http',
      'atlas-image': 'ghcr.io/me/infer:1',
    });
    expect(tags['atlas-attempt']).toMatch(/^[0-9a-f]{16}$/);
    expect(firewall).toMatchObject({ name: `atlas-fw-${tags['atlas-attempt']}`, region: 'us-south-2' });
    expect((firewall.rules as { port_range: number[] }[]).map((r) => r.port_range)).toEqual([
      [22, 22],
      [8000, 8000],
    ]);
    // What the VM runs: the image, with the env and the bearer token, never in plain text in the script.
    const userData = launch.user_data as string;
    expect(imageOf(userData)).toBe('ghcr.io/me/infer:1');
    expect(envOf(userData)).toEqual({ MODEL: "llama's", [PRESHARED_KEY_ENV]: compute.auth?.token });
    expect(userData).not.toContain(compute.auth?.token);
    expect(userData).toContain('--network host');
    expect(compute).toMatchObject({
      id: 'i-1',
      status: 'provisioning',
      name: 'atlas-app-s1',
      gpuType: 'h100_sxm',
      gpuCount: 1,
    });
  });

  it('honours PCIe vs SXM and the count: h100_pcie launches the PCIe type, gpuCount 2 the 2x type', async () => {
    const types: string[] = [];
    nock(API)
      .get(`${BASE}/instance-types`)
      .twice()
      .reply(200, { data: H100_TYPES })
      .get(`${BASE}/ssh-keys`)
      .reply(200, ATLAS_KEY)
      .post(`${BASE}/instance-operations/launch`, (body) => {
        if (!body) return false;
        types.push(`${body.instance_type_name}@${body.region_name}`);
        return true;
      })
      .twice()
      .reply(200, { data: { instance_ids: ['i-1'] } })
      .get(`${BASE}/instances/i-1`)
      .twice()
      .reply(200, { data: instance({ id: 'i-1' }) });
    const lambda = provider();
    await lambda.spawnCompute({ gpu: 'h100_pcie', image: 'x' });
    await lambda.spawnCompute({ gpu: 'h100', gpuCount: 2, image: 'x' });
    expect(types).toEqual(['gpu_1x_h100_pcie@us-west-3', 'gpu_2x_h100_sxm5@us-south-3']);
  });

  it('tries the region hints in order, and only them', async () => {
    let region: unknown;
    nock(API)
      .get(`${BASE}/instance-types`)
      .reply(200, { data: H100_TYPES })
      .get(`${BASE}/ssh-keys`)
      .reply(200, ATLAS_KEY)
      .post(`${BASE}/instance-operations/launch`, (body) => {
        if (!body) return false;
        region = body.region_name;
        return true;
      })
      .reply(200, { data: { instance_ids: ['i-1'] } })
      .get(`${BASE}/instances/i-1`)
      .reply(200, { data: instance({ id: 'i-1' }) });
    await provider().spawnCompute({
      gpu: 'h100_sxm',
      image: 'x',
      regionHints: ['eu-nowhere-1', 'us-south-3', 'us-south-2'],
    });
    expect(region).toBe('us-south-3');
  });

  it('on insufficient capacity tries the next region with capacity, deleting the failed region ruleset', async () => {
    const regions: string[] = [];
    const deleted: string[] = [];
    nock(API)
      .get(`${BASE}/instance-types`)
      .reply(200, { data: H100_TYPES })
      .get(`${BASE}/ssh-keys`)
      .reply(200, ATLAS_KEY)
      .post(`${BASE}/firewall-rulesets`)
      .reply(200, ruleset('fw1', 'us-south-2'))
      .post(`${BASE}/instance-operations/launch`, (body) => {
        if (!body) return false;
        regions.push(body.region_name);
        return true;
      })
      .reply(400, CAPACITY)
      .delete(`${BASE}/firewall-rulesets/fw1`)
      .reply(200, () => {
        deleted.push('fw1');
        return { data: {} };
      })
      .post(`${BASE}/firewall-rulesets`)
      .reply(200, ruleset('fw2', 'us-south-3'))
      .post(`${BASE}/instance-operations/launch`, (body) => {
        if (!body) return false;
        regions.push(body.region_name);
        return true;
      })
      .reply(200, { data: { instance_ids: ['i-2'] } })
      .get(`${BASE}/instances/i-2`)
      .reply(200, { data: instance({ id: 'i-2', region: { name: 'us-south-3', description: 'x' } }) });
    const compute = await provider().spawnCompute({ gpu: 'h100_sxm', image: 'x', ports: [{ port: 8000 }] });
    expect(regions).toEqual(['us-south-2', 'us-south-3']);
    expect(deleted).toEqual(['fw1']);
    expect(compute.region).toBe('us-south-3');
  });

  it('fails with capacity naming every region tried when each launch answers insufficient capacity', async () => {
    nock(API)
      .get(`${BASE}/instance-types`)
      .reply(200, { data: H100_TYPES })
      .get(`${BASE}/ssh-keys`)
      .reply(200, ATLAS_KEY)
      .post(`${BASE}/instance-operations/launch`)
      .times(2)
      .reply(400, CAPACITY);
    const error = await rejection(provider().spawnCompute({ gpu: 'h100_sxm', image: 'x' }));
    expect(error.kind).toBe('capacity');
    expect(error.message).toContain('us-south-2');
    expect(error.message).toContain('us-south-3');
    expect(error.details).toEqual({ regionsTried: ['us-south-2', 'us-south-3'] });
  });

  it('stops after maxLaunchAttempts launches', async () => {
    nock(API)
      .get(`${BASE}/instance-types`)
      .reply(200, { data: H100_TYPES })
      .get(`${BASE}/ssh-keys`)
      .reply(200, ATLAS_KEY)
      .post(`${BASE}/instance-operations/launch`)
      .reply(400, CAPACITY);
    const error = await rejection(provider({ maxLaunchAttempts: 1 }).spawnCompute({ gpu: 'h100_sxm', image: 'x' }));
    expect(error.kind).toBe('capacity');
    expect(error.details).toEqual({ regionsTried: ['us-south-2'] });
  });

  it('fails with capacity, and launches nothing, when no region lists capacity', async () => {
    nock(API)
      .get(`${BASE}/instance-types`)
      .reply(200, {
        data: { gpu_1x_a10: { instance_type: instanceType('gpu_1x_a10', 1, 75), regions_with_capacity_available: [] } },
      });
    const error = await rejection(provider().spawnCompute({ gpu: 'a10', image: 'x' }));
    expect(error.kind).toBe('capacity');
    expect(error.message).toMatch(/no region reports capacity/);
  });

  it("creates Atlas's SSH key once when the account has none, and never returns or logs its private half", async () => {
    const privateKey = '-----BEGIN OPENSSH PRIVATE KEY-----\nsecret-private-half\n-----END OPENSSH PRIVATE KEY-----';
    let created = 0;
    nock(API)
      .get(`${BASE}/instance-types`)
      .twice()
      .reply(200, { data: H100_TYPES })
      .get(`${BASE}/ssh-keys`)
      .reply(200, { data: [] })
      .post(`${BASE}/ssh-keys`, (body) => body?.name === 'atlas' && body.public_key === undefined)
      .reply(200, () => {
        created += 1;
        return { data: { id: 'k1', name: 'atlas', public_key: 'ssh-ed25519 AAAA', private_key: privateKey } };
      })
      .post(`${BASE}/instance-operations/launch`, (body) => body?.ssh_key_names?.[0] === 'atlas')
      .twice()
      .reply(200, { data: { instance_ids: ['i-1'] } })
      .get(`${BASE}/instances/i-1`)
      .twice()
      .reply(200, { data: instance({ id: 'i-1' }) });
    const lambda = provider();
    const first = await lambda.spawnCompute({ gpu: 'h100', image: 'x' });
    await lambda.spawnCompute({ gpu: 'h100', image: 'x' });
    expect(created).toBe(1);
    expect(JSON.stringify(first)).not.toContain('secret-private-half');
  });

  it("launches with the caller's key (providerOptions.sshKeyName) and passes Lambda fields through", async () => {
    let launch: Record<string, unknown> = {};
    nock(API)
      .get(`${BASE}/instance-types`)
      .reply(200, { data: H100_TYPES })
      .post(`${BASE}/instance-operations/launch`, (body) => {
        if (!body) return false;
        launch = body;
        return true;
      })
      .reply(200, { data: { instance_ids: ['i-1'] } })
      .get(`${BASE}/instances/i-1`)
      .reply(200, { data: instance({ id: 'i-1' }) });
    await provider().spawnCompute({
      gpu: 'h100',
      image: 'x',
      providerOptions: { sshKeyName: 'my-laptop', hostname: 'box', image: { family: 'lambda-stack-24-04' } },
    });
    expect(launch).toMatchObject({
      ssh_key_names: ['my-laptop'],
      hostname: 'box',
      image: { family: 'lambda-stack-24-04' },
    });
    expect(launch).not.toHaveProperty('sshKeyName');
  });

  it('mounts a filesystem (networkVolumeId) in its own region, at /workspace in the container', async () => {
    let launch: Record<string, unknown> = {};
    nock(API)
      .get(`${BASE}/file-systems`)
      .reply(200, {
        data: [
          {
            id: 'fs1',
            name: 'models',
            mount_point: '/lambda/nfs/models',
            created: '2026-01-01T00:00:00Z',
            created_by: { id: 'u', email: 'a@b.c', status: 'active' },
            is_in_use: false,
            region: { name: 'us-south-3', description: 'x' },
          },
        ],
      })
      .get(`${BASE}/instance-types`)
      .reply(200, { data: H100_TYPES })
      .get(`${BASE}/ssh-keys`)
      .reply(200, ATLAS_KEY)
      .post(`${BASE}/instance-operations/launch`, (body) => {
        if (!body) return false;
        launch = body;
        return true;
      })
      .reply(200, { data: { instance_ids: ['i-1'] } })
      .get(`${BASE}/instances/i-1`)
      .reply(200, { data: instance({ id: 'i-1' }) });
    await provider().spawnCompute({ gpu: 'h100', image: 'x', networkVolumeId: 'fs1' });
    expect(launch).toMatchObject({
      region_name: 'us-south-3',
      file_system_mounts: [{ mount_point: '/lambda/nfs/models', file_system_id: 'fs1' }],
    });
    expect(launch.user_data).toContain("-v '/lambda/nfs/models':/workspace");
  });
});

describe('spawnCompute: refused before any request', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['spot', { spot: true }, 'unsupported', 'spot'],
    ['a community cloud', { cloudType: 'community' }, 'unsupported', 'cloudType'],
    ['signed URLs', { auth: 'signed_url' }, 'unsupported', 'auth'],
    ['a template', { templateId: 't1' }, 'unsupported', 'templateId'],
    ['a local volume', { volumeGb: 20 }, 'unsupported', 'volumeGb'],
    ['a name over 64 characters', { name: `atlas-${'x'.repeat(60)}` }, 'validation', 'name'],
    [
      'an owned launch field in providerOptions',
      { providerOptions: { region_name: 'us-east-1' } },
      'validation',
      'providerOptions.region_name',
    ],
    ['a GPU Lambda lacks', { gpu: 'rtx_4090' }, 'unsupported', 'gpu'],
  ];
  for (const [what, fields, kind, path] of cases) {
    it(`${what}: ${kind} naming ${path}`, async () => {
      const error = await rejection(provider().spawnCompute({ gpu: 'h100', image: 'x', ...fields } as never));
      expect(error.kind).toBe(kind);
      expect(error.issues.map((i) => i.path)).toContain(path);
    });
  }

  it('a missing key fails as unauthorized naming LAMBDA_API_KEY, with no request', async () => {
    const saved = { a: process.env.LAMBDA_API_KEY, b: process.env.LAMBDA_LABS_API_KEY };
    delete process.env.LAMBDA_API_KEY;
    delete process.env.LAMBDA_LABS_API_KEY;
    try {
      const error = await rejection(createLambdaLabs().spawnCompute({ gpu: 'h100', image: 'x' }));
      expect(error.kind).toBe('unauthorized');
      expect(error.message).toContain('LAMBDA_API_KEY');
    } finally {
      if (saved.a !== undefined) process.env.LAMBDA_API_KEY = saved.a;
      if (saved.b !== undefined) process.env.LAMBDA_LABS_API_KEY = saved.b;
    }
  });
});
