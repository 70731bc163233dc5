import { computeSecrets } from '@atlas/core';
import { redactText } from '@atlas/core/provider';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { LAMBDA_LABS_CAPABILITIES } from '../src/index.js';
import { API, BASE, instance, instanceType, lambdaError, provider, rejection, useNock } from './helpers.js';

useNock();

describe('getCompute', () => {
  const statuses: [string, string][] = [
    ['booting', 'provisioning'],
    ['active', 'running'],
    ['unhealthy', 'failed'],
    ['terminating', 'terminated'],
    ['terminated', 'terminated'],
    ['preempted', 'failed'],
  ];
  for (const [native, status] of statuses) {
    it(`${native} -> ${status}`, async () => {
      nock(API)
        .get(`${BASE}/instances/i-1`)
        .reply(200, { data: instance({ id: 'i-1', status: native }) });
      expect((await provider().getCompute('i-1')).status).toBe(status);
    });
  }

  it('maps the instance: canonical GPU, count, price, region, image, ports as URLs on the VM IP', async () => {
    nock(API)
      .get(`${BASE}/instances/i-1`)
      .reply(200, { data: instance({ id: 'i-1', instance_type: instanceType('gpu_8x_h100_sxm5', 8, 2392) }) });
    const compute = await provider().getCompute('i-1');
    expect(compute).toMatchObject({
      id: 'i-1',
      provider: 'lambda-labs',
      name: 'atlas-test',
      image: 'ghcr.io/me/infer:1',
      gpuType: 'h100_sxm',
      gpuCount: 8,
      costPerHour: 23.92,
      region: 'us-south-2',
      publicIp: '198.51.100.2',
      ports: [
        { internal: 8000, external: 8000, protocol: 'http', url: 'http://198.51.100.2:8000' },
        { internal: 22, external: 22, protocol: 'tcp', url: 'tcp://198.51.100.2:22' },
      ],
    });
  });

  it('a booting VM without an IP has its ports but no URLs yet', async () => {
    nock(API)
      .get(`${BASE}/instances/i-1`)
      .reply(200, { data: instance({ id: 'i-1', status: 'booting', ip: undefined }) });
    const compute = await provider().getCompute('i-1');
    expect(compute.publicIp).toBeUndefined();
    expect(compute.ports).toEqual([
      { internal: 8000, protocol: 'http' },
      { internal: 22, protocol: 'tcp' },
    ]);
  });

  it("raw is the instance without Lambda's Jupyter token", async () => {
    nock(API)
      .get(`${BASE}/instances/i-1`)
      .reply(200, { data: instance({ id: 'i-1' }) });
    const compute = await provider().getCompute('i-1');
    expect(compute.raw).toMatchObject({ id: 'i-1', instance_type: { name: 'gpu_1x_h100_sxm5' } });
    expect(JSON.stringify(compute)).not.toContain('03b7d30d9d3e4d8fa41657bc0d478c1b');
  });

  it('declares the Jupyter token as its secret, registered (env values never come back: user_data is write-only)', async () => {
    const token = 'jupyter-lambda-declared-0001';
    nock(API)
      .get(`${BASE}/instances/i-1`)
      .reply(200, {
        data: instance({ id: 'i-1', jupyter_token: token, jupyter_url: `https://j.example/?token=${token}` }),
      });
    const compute = await provider().getCompute('i-1');
    expect(computeSecrets(compute)).toEqual([token]);
    expect(redactText(`open https://j.example/?t=${token}`)).toBe('open https://j.example/?t=[redacted]');
  });

  it('an unknown id (404 global/object-does-not-exist) is not_found', async () => {
    nock(API)
      .get(`${BASE}/instances/nope`)
      .reply(404, lambdaError('global/object-does-not-exist', 'Specified instance does not exist.'));
    expect((await rejection(provider().getCompute('nope'))).kind).toBe('not_found');
  });

  it('an empty id is validation, with no request', async () => {
    expect((await rejection(provider().getCompute(''))).kind).toBe('validation');
  });
});

describe('listCompute', () => {
  const list = {
    data: [
      instance({ id: 'a', name: 'atlas-app-1', status: 'active' }),
      instance({
        id: 'b',
        name: 'atlas-app-10',
        status: 'booting',
        instance_type: instanceType('gpu_1x_h100_pcie', 1, 249),
      }),
      instance({ id: 'c', name: 'other', status: 'active', instance_type: instanceType('gpu_1x_a10', 1, 75) }),
    ],
  };

  it('applies name, namePrefix, status and gpu filters locally', async () => {
    nock(API).get(`${BASE}/instances`).times(5).reply(200, list);
    const ids = async (filter: object) => (await provider().listCompute(filter)).map((c) => c.id);
    expect(await ids({ name: 'atlas-app-1' })).toEqual(['a']);
    expect(await ids({ namePrefix: 'atlas-' })).toEqual(['a', 'b']);
    expect(await ids({ status: 'running' })).toEqual(['a', 'c']);
    expect(await ids({ gpu: 'h100' })).toEqual(['a', 'b']);
    expect(await ids({ gpu: 'h100_pcie' })).toEqual(['b']);
  });

  it('a bad filter is validation, with no request', async () => {
    expect((await rejection(provider().listCompute({ status: 'sleeping' } as never))).kind).toBe('validation');
  });
});

describe('terminate, stop, start, restart', () => {
  it("terminates, then deletes the instance's ruleset and sweeps released Atlas rulesets", async () => {
    const deleted: string[] = [];
    nock(API)
      .post(`${BASE}/instance-operations/terminate`, { instance_ids: ['i-1'] })
      .reply(200, { data: { terminated_instances: [instance({ id: 'i-1', status: 'terminating' })] } })
      .delete(`${BASE}/firewall-rulesets/fw1`)
      .reply(
        400,
        lambdaError(
          'firewall-rulesets/firewall-ruleset-in-use',
          'Firewall ruleset is in use by one or more instances.',
        ),
      )
      .get(`${BASE}/firewall-rulesets`)
      .reply(200, {
        data: [
          {
            id: 'fw1',
            name: 'atlas-fw-a',
            region: { name: 'us-south-2', description: 'x' },
            rules: [],
            created: '2026-01-01T00:00:00Z',
            instance_ids: ['i-1'],
          },
          {
            id: 'fw0',
            name: 'atlas-fw-b',
            region: { name: 'us-south-2', description: 'x' },
            rules: [],
            created: '2026-01-01T00:00:00Z',
            instance_ids: [],
          },
          {
            id: 'mine',
            name: 'my-rules',
            region: { name: 'us-south-2', description: 'x' },
            rules: [],
            created: '2026-01-01T00:00:00Z',
            instance_ids: [],
          },
        ],
      })
      .delete(`${BASE}/firewall-rulesets/fw0`)
      .reply(200, () => {
        deleted.push('fw0');
        return { data: {} };
      });
    await provider().terminate('i-1');
    expect(deleted).toEqual(['fw0']);
  });

  it('terminating an unknown id is not_found', async () => {
    nock(API)
      .post(`${BASE}/instance-operations/terminate`)
      .reply(404, lambdaError('global/object-does-not-exist', 'Specified instance does not exist.'));
    expect((await rejection(provider().terminate('nope'))).kind).toBe('not_found');
  });

  it('a terminate whose answer was lost is retried (it is safe to repeat)', async () => {
    nock(API)
      .post(`${BASE}/instance-operations/terminate`)
      .reply(502, 'bad gateway')
      .post(`${BASE}/instance-operations/terminate`)
      .reply(200, {
        data: { terminated_instances: [instance({ id: 'i-1', status: 'terminating', firewall_rulesets: [] })] },
      })
      .get(`${BASE}/firewall-rulesets`)
      .reply(200, { data: [] });
    await provider({ retry: { limit: 1, backoffMs: 1, maxDelayMs: 5 } }).terminate('i-1');
  });

  it('stop and start are unsupported, say why, and send nothing', async () => {
    for (const call of [provider().stop('i-1'), provider().start('i-1')]) {
      const error = await rejection(call);
      expect(error.kind).toBe('unsupported');
      expect(error.message).toMatch(/can only be restarted or terminated/);
    }
    expect(LAMBDA_LABS_CAPABILITIES).not.toContain('stop_start');
  });

  it('restart reboots the VM', async () => {
    nock(API)
      .post(`${BASE}/instance-operations/restart`, { instance_ids: ['i-1'] })
      .reply(200, { data: { restarted_instances: [instance({ id: 'i-1', status: 'booting' })] } });
    expect((await provider().restart('i-1')).status).toBe('provisioning');
  });
});

describe('listGpuTypes', () => {
  it('one entry per GPU instance type: price per GPU from cents, memory, regions with capacity as stock', async () => {
    nock(API)
      .get(`${BASE}/instance-types`)
      .reply(200, {
        data: {
          gpu_8x_h100_sxm5: {
            instance_type: instanceType('gpu_8x_h100_sxm5', 8, 2392, '8x H100 (80 GB SXM5)'),
            regions_with_capacity_available: [
              { name: 'us-west-3', description: 'x' },
              { name: 'us-south-2', description: 'x' },
            ],
          },
          gpu_1x_a10: {
            instance_type: instanceType('gpu_1x_a10', 1, 75, '1x A10 (24 GB PCIe)'),
            regions_with_capacity_available: [],
          },
          cpu_4x_general: {
            instance_type: {
              ...instanceType('cpu_4x_general', 0, 20, '4x CPU General (16 GiB)'),
              specs: { vcpus: 4, memory_gib: 16, storage_gib: 100, gpus: 0 },
            },
            regions_with_capacity_available: [{ name: 'us-east-1', description: 'x' }],
          },
        },
      });
    const types = await provider().listGpuTypes();
    expect(types.map((t) => t.id)).toEqual(['gpu_8x_h100_sxm5', 'gpu_1x_a10']);
    expect(types[0]).toMatchObject({
      canonical: 'h100_sxm',
      displayName: '8x H100 (80 GB SXM5)',
      memoryGb: 80,
      pricePerHour: { secure: 2.99 },
      stock: 'medium',
    });
    expect(types[1]).toMatchObject({ canonical: 'a10', memoryGb: 24, pricePerHour: { secure: 0.75 }, stock: 'none' });
  });
});
