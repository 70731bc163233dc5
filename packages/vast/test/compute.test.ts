import { computeSecrets, PRESHARED_KEY_ENV } from '@atlas/core';
import { CREATE_MARKER_ENV, redactText } from '@atlas/core/provider';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { BASE, instance, provider, rejection, useNock } from './helpers.js';

useNock();

describe('getCompute: GET /api/v0/instances/{id}/', () => {
  it('maps an instance: name from the label, ports to URLs, cost, region, GPU, creation time', async () => {
    nock(BASE).get('/api/v0/instances/31337/').reply(200, { instances: instance() });
    const compute = await provider().getCompute('31337');
    expect(compute).toMatchObject({
      id: '31337',
      provider: 'vast',
      status: 'running',
      name: 'my-box',
      image: 'vastai/pytorch:2.4',
      gpuType: 'rtx_4090',
      gpuCount: 1,
      publicIp: '203.0.113.42',
      costPerHour: 0.4,
      region: 'Texas, US',
      createdAt: new Date(1_780_000_000_500).toISOString(),
    });
    expect(compute.ports).toEqual([
      { internal: 8000, external: 41000, protocol: 'http', url: 'http://203.0.113.42:41000' },
      { internal: 22, external: 41001, protocol: 'tcp', url: 'tcp://203.0.113.42:41001' },
    ]);
  });

  it('keeps extra_env and the jupyter token out of raw', async () => {
    nock(BASE).get('/api/v0/instances/31337/').reply(200, { instances: instance() });
    const compute = await provider().getCompute('31337');
    const raw = JSON.stringify(compute.raw);
    expect(raw).not.toContain('hf_super_secret_value');
    expect(raw).not.toContain('jupyter-token-abcdef0123456789');
    expect(raw).toContain('ssh4.vast.ai');
  });

  it("declares extra_env's values (the token among them) and the jupyter token as its secrets, registered", async () => {
    const body = instance({
      extra_env: [
        ['HF_TOKEN', 'hf-vast-declared-0001'],
        `${PRESHARED_KEY_ENV}=token-vast-declared-0002`,
        ['-p 8000:8000', '1'],
        ['ATLAS_PORTS', '8000/http,22/tcp'],
        [CREATE_MARKER_ENV, 'marker-not-a-secret-0003'],
      ],
    });
    nock(BASE).get('/api/v0/instances/31337/').reply(200, { instances: body });
    const compute = await provider().getCompute('31337');
    // Atlas's own ports and create marker are there to be read; `1` is too short to redact.
    const secrets = ['hf-vast-declared-0001', 'token-vast-declared-0002', 'jupyter-token-abcdef0123456789'];
    expect(computeSecrets(compute)).toEqual(secrets);
    expect(redactText(secrets.join(' '))).toBe('[redacted] [redacted] [redacted]');
    expect(JSON.stringify(compute)).not.toContain('vast-declared');
  });

  it('lists the requested ports without URLs until the instance runs', async () => {
    nock(BASE)
      .get('/api/v0/instances/31337/')
      .reply(200, { instances: instance({ actual_status: 'loading', ports: null }) });
    const compute = await provider().getCompute('31337');
    expect(compute.status).toBe('provisioning');
    expect(compute.ports).toEqual([
      { internal: 8000, protocol: 'http' },
      { internal: 22, protocol: 'tcp' },
    ]);
  });

  it.each([
    [null, 'running', 'provisioning'],
    ['loading', 'running', 'provisioning'],
    ['running', 'running', 'running'],
    ['stopped', 'stopped', 'stopped'],
    ['stopped', 'running', 'provisioning'],
    ['frozen', 'frozen', 'stopped'],
    ['exited', 'running', 'failed'],
    ['unknown', 'running', 'failed'],
    ['offline', 'running', 'failed'],
  ])('actual %s, intended %s -> %s', async (actual, intended, status) => {
    nock(BASE)
      .get('/api/v0/instances/7/')
      .reply(200, { instances: instance({ id: 7, actual_status: actual, intended_status: intended }) });
    expect((await provider().getCompute('7')).status).toBe(status);
  });

  it('tells an A100 80GB from a 40GB one by gpu_ram', async () => {
    nock(BASE)
      .get('/api/v0/instances/1/')
      .reply(200, { instances: instance({ id: 1, gpu_name: 'A100 SXM4', gpu_ram: 81920 }) });
    nock(BASE)
      .get('/api/v0/instances/2/')
      .reply(200, { instances: instance({ id: 2, gpu_name: 'A100 PCIE', gpu_ram: 40960 }) });
    expect((await provider().getCompute('1')).gpuType).toBe('a100_80g');
    expect((await provider().getCompute('2')).gpuType).toBe('a100_40g');
  });

  it('an unknown id is not_found: `{"instances": null}`, or no request at all for a non-numeric id', async () => {
    nock(BASE).get('/api/v0/instances/404/').reply(200, { instances: null });
    expect((await rejection(() => provider().getCompute('404'))).kind).toBe('not_found');
    expect((await rejection(() => provider().getCompute('abc'))).kind).toBe('not_found');
  });
});

describe('listCompute: GET /api/v1/instances/, every page', () => {
  it('reads pages of 25 by next_token to the end', async () => {
    const queries: URLSearchParams[] = [];
    nock(BASE)
      .get('/api/v1/instances/')
      .query(true)
      .times(2)
      .reply((req: Request) => {
        const query = new URL(req.url).searchParams;
        queries.push(query);
        return query.has('after_token')
          ? [200, { success: true, next_token: null, instances: [instance({ id: 2, label: 'b' })] }]
          : [200, { success: true, next_token: 'tok-1', instances: [instance({ id: 1, label: 'a' })] }];
      });
    const computes = await provider().listCompute();
    expect(computes.map((c) => c.id)).toEqual(['1', '2']);
    expect(queries[0]?.get('limit')).toBe('25');
    expect(JSON.parse(queries[0]?.get('order_by') ?? '')).toEqual([{ col: 'id', dir: 'asc' }]);
    expect(queries[1]?.get('after_token')).toBe('tok-1');
  });

  it('filters by the name before the marker, exactly or by prefix, and by status', async () => {
    const instances = [
      instance({ id: 1, label: 'box #atlas:r-0000000000000001' }),
      instance({ id: 2, label: 'box-sibling #atlas:r-0000000000000002' }),
      instance({ id: 3, label: 'box', actual_status: 'stopped', intended_status: 'stopped' }),
      instance({ id: 4, label: null }),
    ];
    nock(BASE).get('/api/v1/instances/').query(true).times(3).reply(200, { next_token: null, instances });
    expect((await provider().listCompute({ name: 'box' })).map((c) => c.id)).toEqual(['1', '3']);
    expect((await provider().listCompute({ namePrefix: 'box' })).map((c) => c.id)).toEqual(['1', '2', '3']);
    expect((await provider().listCompute({ status: 'stopped' })).map((c) => c.id)).toEqual(['3']);
  });
});

describe('stop, start, terminate', () => {
  it('stop and start PUT the state; terminate DELETEs without a body', async () => {
    const bodies: unknown[] = [];
    nock(BASE)
      .put('/api/v0/instances/5/')
      .times(2)
      .reply(async (req: Request) => {
        bodies.push(await req.json());
        return [200, { success: true }];
      });
    let deleteBody: string | undefined;
    nock(BASE)
      .delete('/api/v0/instances/5/')
      .reply(async (req: Request) => {
        deleteBody = await req.text();
        return [200, { success: true, msg: 'Instance destroyed successfully' }];
      });
    await provider().stop('5');
    await provider().start('5');
    await provider().terminate('5');
    expect(bodies).toEqual([{ state: 'stopped' }, { state: 'running' }]);
    expect(deleteBody).toBe('');
  });

  it('unknown ids are not_found (404 not_found), a 200 with success false is an error', async () => {
    nock(BASE)
      .delete('/api/v0/instances/9/')
      .reply(404, { success: false, error: 'not_found', msg: 'Instance not found' });
    nock(BASE)
      .put('/api/v0/instances/9/')
      .reply(404, { success: false, error: 'not_found', msg: 'Instance not found' });
    nock(BASE).put('/api/v0/instances/8/').reply(200, { success: false, error: 'missing_billing', msg: 'No billing' });
    expect((await rejection(() => provider().terminate('9'))).kind).toBe('not_found');
    expect((await rejection(() => provider().stop('9'))).kind).toBe('not_found');
    expect((await rejection(() => provider().start('8'))).kind).toBe('payment_required');
  });
});

describe('extra_env never reaches an error', () => {
  it('a show body that breaks its schema is contract, without the env values', async () => {
    nock(BASE)
      .get('/api/v0/instances/31337/')
      .reply(200, { instances: instance({ id: 'not-a-number' }) });
    const error = await rejection(() => provider().getCompute('31337'));
    expect(error.kind).toBe('contract');
    const json = JSON.stringify(error.toJSON());
    expect(json).not.toContain('hf_super_secret_value');
    expect(json).not.toContain('jupyter-token-abcdef0123456789');
    expect(json).toContain('not-a-number');
  });

  it('a list page that is not JSON is contract, without its text', async () => {
    nock(BASE)
      .get('/api/v1/instances/')
      .query(true)
      .reply(200, '{"instances": [{"id": 1, "extra_env": [["K", "hf_super_secret_value"]', {
        'content-type': 'application/json',
      });
    const error = await rejection(() => provider().listCompute());
    expect(error.kind).toBe('contract');
    expect(JSON.stringify(error.toJSON())).not.toContain('hf_super_secret_value');
  });
});
