import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeOffer, startVastFake, type VastFake } from '../src/testing/index.js';

nock.enableNetConnect('127.0.0.1');

let fake: VastFake;
beforeAll(async () => {
  fake = await startVastFake({ provisioningMs: 1, pageSize: 2 });
});
afterAll(() => fake.close());
beforeEach(() => fake.reset());

async function call(method: string, path: string, body?: unknown, key = fake.apiKey) {
  const res = await fetch(`${fake.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // plain text stays text
  }
  return { status: res.status, body: parsed as Record<string, unknown>, type: res.headers.get('content-type') };
}

describe('the marketplace', () => {
  it('searches by exact name, count and price, cheapest first, and honours limit', async () => {
    fake.market.set([
      fakeOffer({ id: 1, gpu_name: 'RTX 4090', dph_total: 0.5 }),
      fakeOffer({ id: 2, gpu_name: 'RTX 4090', dph_total: 0.3 }),
      fakeOffer({ id: 3, gpu_name: 'RTX 3090', dph_total: 0.1 }),
      fakeOffer({ id: 4, gpu_name: 'RTX 4090', dph_total: 0.9, num_gpus: 2 }),
    ]);
    const { body } = await call('POST', '/api/v0/bundles/', {
      gpu_name: { eq: 'RTX 4090' },
      num_gpus: { eq: 1 },
      dph_total: { lte: 0.6 },
      order: [['dph_total', 'asc']],
    });
    expect((body.offers as { id: number }[]).map((o) => o.id)).toEqual([2, 1]);
  });

  it('an ask vanishes when rented (then 410), comes back when the instance is destroyed; an unknown ask is 404', async () => {
    fake.market.set([fakeOffer({ id: 7, gpu_name: 'RTX 4090' })]);
    const rented = await call('PUT', '/api/v0/asks/7/', { image: 'x', label: 'a' });
    expect(rented.status).toBe(200);
    const id = rented.body.new_contract as number;
    expect(fake.market.list()).toEqual([]);
    const again = await call('PUT', '/api/v0/asks/7/', { image: 'x' });
    expect(again.status).toBe(410);
    expect(again.body.error).toBe('no_such_ask');
    expect((await call('PUT', '/api/v0/asks/8/', { image: 'x' })).status).toBe(404);
    expect((await call('DELETE', `/api/v0/instances/${id}/`)).status).toBe(200);
    expect(fake.market.list().map((o) => o.id)).toEqual([7]);
  });

  it('refuses a bid below the minimum (invalid_price) and a body without an image', async () => {
    fake.market.set([fakeOffer({ id: 7, gpu_name: 'RTX 4090', min_bid: 0.2 })]);
    const low = await call('PUT', '/api/v0/asks/7/', { image: 'x', price: 0.1 });
    expect(low.status).toBe(400);
    expect(low.body.error).toBe('invalid_price');
    const bad = await call('PUT', '/api/v0/asks/7/', { label: 'x' });
    expect(bad.body.error).toBe('invalid_args');
  });
});

describe('instances', () => {
  async function rent(label = 'box'): Promise<string> {
    const [offer] = fake.market.list();
    const { body } = await call('PUT', `/api/v0/asks/${offer!.id}/`, {
      image: 'x',
      label,
      env: { SECRET: 'v', '-p 8000:8000': '1' },
    });
    return String(body.new_contract);
  }

  it('go from provisioning to running, map ports once running, stop, wait for the GPU on start, fail', async () => {
    const id = await rent();
    const ready = async () => {
      for (;;) {
        const view = fake.instances.get(id)!;
        if (view.actual_status === 'running') return view;
        await new Promise((r) => setTimeout(r, 2));
      }
    };
    const running = await ready();
    expect(running.ports).toMatchObject({ '8000/tcp': [{ HostIp: '0.0.0.0' }] });
    await call('PUT', `/api/v0/instances/${id}/`, { state: 'stopped' });
    expect(fake.instances.get(id)?.actual_status).toBe('stopped');
    fake.instances.setGpuBusy(id, true);
    await call('PUT', `/api/v0/instances/${id}/`, { state: 'running' });
    expect(fake.instances.get(id)).toMatchObject({ actual_status: 'stopped', intended_status: 'running' });
    fake.instances.setGpuBusy(id, false);
    await ready();
    fake.instances.fail(id);
    expect(fake.instances.get(id)?.actual_status).toBe('exited');
    expect(fake.instances.readEnv(id)).toMatchObject({ SECRET: 'v' });
  });

  it('show answers `{"instances": null}` for an unknown id; manage and destroy answer 404', async () => {
    expect((await call('GET', '/api/v0/instances/1/')).body).toEqual({ instances: null });
    expect((await call('PUT', '/api/v0/instances/1/', { state: 'stopped' })).status).toBe(404);
    expect((await call('DELETE', '/api/v0/instances/1/')).body).toMatchObject({ error: 'not_found' });
  });

  it('the v1 list pages by after_token, filters by label, refuses limit > 25 and bad tokens', async () => {
    const ids = [await rent('a'), await rent('b'), await rent('a')];
    const first = await call('GET', '/api/v1/instances/?limit=25');
    expect((first.body.instances as unknown[]).length).toBe(2);
    const token = first.body.next_token as string;
    const second = await call('GET', `/api/v1/instances/?after_token=${encodeURIComponent(token)}`);
    expect((second.body.instances as { id: number }[]).map((i) => String(i.id))).toEqual([ids[2]]);
    expect(second.body.next_token).toBeNull();
    const filtered = await call(
      'GET',
      `/api/v1/instances/?select_filters=${encodeURIComponent(JSON.stringify({ label: { eq: 'a' } }))}`,
    );
    expect(filtered.body.total_instances).toBe(2);
    expect((await call('GET', '/api/v1/instances/?limit=26')).status).toBe(400);
    expect((await call('GET', '/api/v1/instances/?after_token=@@')).body.error).toBe('invalid_token');
  });
});

describe('the gate', () => {
  it('checks the bearer key', async () => {
    const res = await call('GET', '/api/v1/instances/', undefined, 'wrong');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ success: false, error: 'auth_error', msg: 'Invalid user key' });
  });

  it('answers bad JSON with invalid_request', async () => {
    const res = await call('POST', '/api/v0/bundles/', '{nope');
    expect(res.body).toEqual({ error: 'invalid_request', msg: 'Invalid json body' });
  });

  it('enforces per-endpoint minimum intervals with 429s in plain text or JSON, no Retry-After', async () => {
    const limited = await startVastFake({ minIntervalMs: 60_000 });
    try {
      const get = () =>
        fetch(`${limited.url}/api/v1/instances/`, { headers: { authorization: `Bearer ${limited.apiKey}` } });
      expect((await get()).status).toBe(200);
      const refused = await get();
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBeNull();
      expect(await refused.text()).toMatch(/^API requests too frequent/);
      // Another endpoint has its own interval.
      const show = await fetch(`${limited.url}/api/v0/instances/1/`, {
        headers: { authorization: `Bearer ${limited.apiKey}` },
      });
      expect(show.status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('injects faults per operation, after the create when asked, and counts requests', async () => {
    fake.faults.inject('spawnCompute', { status: 500, body: { error: 'boom' }, afterCreate: true });
    const [offer] = fake.market.list();
    const res = await call('PUT', `/api/v0/asks/${offer!.id}/`, { image: 'x' });
    expect(res.status).toBe(500);
    expect(fake.instances.count()).toBe(1);
    expect(fake.faults.count('spawnCompute')).toBe(1);
    fake.faults.inject('listCompute', { status: 503, body: 'down', times: 2 });
    expect((await call('GET', '/api/v1/instances/')).status).toBe(503);
    expect((await call('GET', '/api/v1/instances/')).status).toBe(503);
    expect((await call('GET', '/api/v1/instances/')).status).toBe(200);
  });
});

describe('conformance hooks', () => {
  it('fail and preempt an instance, page the list, name the secrets', async () => {
    const [offer] = fake.market.list();
    const { body } = await call('PUT', `/api/v0/asks/${offer!.id}/`, { image: 'x' });
    const id = String(body.new_contract);
    fake.hooks.preemptCompute(id);
    expect(fake.instances.get(id)).toMatchObject({ actual_status: 'stopped', intended_status: 'stopped' });
    fake.hooks.failCompute(id);
    expect(fake.instances.get(id)?.actual_status).toBe('exited');
    expect(() => fake.hooks.failCompute('999')).toThrow(/no instance 999/);
    fake.hooks.setPageSize(1);
    const [second] = fake.market.list();
    await call('PUT', `/api/v0/asks/${second!.id}/`, { image: 'x' });
    const page = await call('GET', '/api/v1/instances/');
    expect((page.body.instances as unknown[]).length).toBe(1);
    expect(page.body.next_token).not.toBeNull();
    expect(fake.hooks.secrets()).toEqual([fake.apiKey]);
  });
});
