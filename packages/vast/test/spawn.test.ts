import { verifyToken } from '@atlas/core';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { BASE, instance, KEY, offer, provider, rejection, useNock } from './helpers.js';

useNock();

type Body = Record<string, unknown>;

/** Captures the search query and answers with these offers. */
function search(offers: Body[]) {
  const seen: { body?: Body; auth?: string | null } = {};
  nock(BASE)
    .post('/api/v0/bundles/')
    .reply(async (req: Request) => {
      seen.body = (await req.json()) as Body;
      seen.auth = req.headers.get('authorization');
      return [200, { offers }];
    });
  return seen;
}

/** Captures one accept of `askId` and answers with the given status and body. */
function accept(askId: number, status: number, reply: Body) {
  const seen: { body?: Body } = {};
  nock(BASE)
    .put(`/api/v0/asks/${askId}/`)
    .reply(async (req: Request) => {
      seen.body = (await req.json()) as Body;
      return [status, reply];
    });
  return seen;
}

function show(id: number, overrides: Body = {}) {
  nock(BASE)
    .get(`/api/v0/instances/${id}/`)
    .reply(200, { instances: instance({ id, actual_status: null, ports: null, ...overrides }) });
}

const GONE_404 = {
  success: false,
  error: 'invalid_args',
  msg: 'error 404/3603: no_such_ask Instance type by id 1001 is not available.',
  ask_id: 1001,
};
const GONE_410 = {
  success: false,
  error: 'no_such_ask',
  msg: 'error 410/3907: no_such_ask Instance type 1002 is no longer available.',
  ask_id: 1002,
};

describe('spawnCompute: search offers, then accept the cheapest ask', () => {
  it('searches the exact GPU name and count among verified, rentable offers, cheapest first', async () => {
    const query = search([offer({ id: 1001 })]);
    const created = accept(1001, 200, { success: true, new_contract: 31337, instance_api_key: 'ik_secret' });
    show(31337);
    await provider().spawnCompute({ gpu: 'rtx_4090', gpuCount: 2, image: 'vastai/pytorch:2.4' });
    expect(query.auth).toBe(`Bearer ${KEY}`);
    expect(query.body).toMatchObject({
      gpu_name: { eq: 'RTX 4090' },
      num_gpus: { eq: 2 },
      rentable: { eq: true },
      rented: { eq: false },
      verified: { eq: true },
      disk_space: { gte: 10 },
      type: 'ondemand',
      order: [
        ['dph_total', 'asc'],
        ['reliability', 'desc'],
      ],
      allocated_storage: 10,
    });
    expect(created.body).toBeDefined();
  });

  it('tells an A100 80GB from a 40GB one by gpu_ram, over every A100 name', async () => {
    const big = search([]);
    await rejection(() => provider().spawnCompute({ gpu: 'a100_80g', image: 'x' }));
    const small = search([]);
    await rejection(() => provider().spawnCompute({ gpu: 'a100_40g', image: 'x' }));
    const names = { in: ['A100 SXM4', 'A100 PCIE', 'A100 SXM', 'A100X'] };
    expect(big.body).toMatchObject({ gpu_name: names, gpu_ram: { gte: 79000 } });
    expect(small.body).toMatchObject({ gpu_name: names, gpu_ram: { lt: 79000 } });
  });

  it("takes the caller's constraints: countries, price cap, reliability floor, unverified hosts, secure cloud, disk", async () => {
    const query = search([]);
    await rejection(() =>
      provider().spawnCompute({
        gpu: 'h100',
        image: 'x',
        regionHints: ['us', 'DE'],
        cloudType: 'secure',
        volumeGb: 50,
        containerDiskGb: 20,
        ports: [{ port: 8000 }],
        providerOptions: { maxPricePerHour: 3.5, minReliability: 0.98, verified: false },
      }),
    );
    expect(query.body).toMatchObject({
      gpu_name: { in: ['H100 SXM', 'H100 PCIE', 'H100 NVL'] },
      geolocation: { in: ['US', 'DE'] },
      dph_total: { lte: 3.5 },
      reliability: { gte: 0.98 },
      datacenter: { eq: true },
      disk_space: { gte: 70 },
      direct_port_count: { gte: 1 },
    });
    expect(query.body).not.toHaveProperty('verified');
  });

  it('rents with the image, disk, env object, port maps, runtype and a label holding the name and the marker', async () => {
    search([offer({ id: 1001 })]);
    const created = accept(1001, 200, { success: true, new_contract: 31337 });
    show(31337, { label: 'my-box #atlas:r-0000000000000000' });
    const compute = await provider().spawnCompute({
      gpu: 'rtx_4090',
      image: 'vastai/pytorch:2.4',
      name: 'atlas-owner1-sess12345678',
      env: { HF_TOKEN: 'hf_x' },
      ports: [
        { port: 8000, protocol: 'http' },
        { port: 22, protocol: 'tcp' },
      ],
    });
    const body = created.body!;
    expect(body.image).toBe('vastai/pytorch:2.4');
    expect(body.disk).toBe(10);
    const marker = /#atlas:([0-9a-f]{16})$/.exec(String(body.label))?.[1];
    expect(body.env).toEqual({
      HF_TOKEN: 'hf_x',
      '-p 8000:8000': '1',
      '-p 22:22': '1',
      ATLAS_PORTS: '8000/http,22/tcp',
      ATLAS_CREATE_MARKER: marker,
    });
    expect(body.runtype).toBe('ssh_direct');
    expect(body.target_state).toBe('running');
    expect(body.cancel_unavail).toBe(true);
    expect(body).not.toHaveProperty('price');
    expect(body.label).toMatch(/^atlas-owner1-sess12345678 #atlas:[0-9a-f]{16}$/);
    expect(compute.id).toBe('31337');
  });

  it('tries the next cheapest offer when an ask is gone (404, 410), in order', async () => {
    search([
      offer({ id: 1001, dph_total: 0.3 }),
      offer({ id: 1002, dph_total: 0.4 }),
      offer({ id: 1003, dph_total: 0.5 }),
    ]);
    const first = accept(1001, 404, GONE_404);
    const second = accept(1002, 410, GONE_410);
    const third = accept(1003, 200, { success: true, new_contract: 777 });
    show(777);
    const compute = await provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', name: 'box' });
    expect(compute.id).toBe('777');
    // One marker for the whole spawn: every try carries the same label.
    expect(second.body?.label).toBe(first.body?.label);
    expect(third.body?.label).toBe(first.body?.label);
  });

  it('fails with capacity listing the offers it tried, bounded by maxOffers', async () => {
    search([offer({ id: 1001 }), offer({ id: 1002 }), offer({ id: 1003 })]);
    accept(1001, 404, GONE_404);
    accept(1002, 410, GONE_410);
    const error = await rejection(() =>
      provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', providerOptions: { maxOffers: 2 } }),
    );
    expect(error.kind).toBe('capacity');
    expect(error.message).toContain('offer 1001');
    expect(error.message).toContain('offer 1002');
    expect(error.message).not.toContain('offer 1003');
    expect(error.details).toMatchObject({ tried: [{ offerId: 1001 }, { offerId: 1002 }] });
  });

  it('fails with capacity, renting nothing, when no offer matches', async () => {
    search([]);
    const error = await rejection(() => provider().spawnCompute({ gpu: 'rtx_4090', image: 'x' }));
    expect(error.kind).toBe('capacity');
    expect(error.message).toContain('1x rtx_4090');
  });

  it('a refusal that is not about the ask (400 invalid_args) is not retried on another offer', async () => {
    search([offer({ id: 1001 }), offer({ id: 1002 })]);
    accept(1001, 400, { success: false, error: 'invalid_args', msg: "error 400/3467: Invalid args: 'image' is bad" });
    const error = await rejection(() => provider().spawnCompute({ gpu: 'rtx_4090', image: 'x' }));
    expect(error.kind).toBe('validation');
  });

  it('spot rents interruptible at the offer min_bid, or at the caller bid', async () => {
    const query = search([offer({ id: 1001, min_bid: 0.123 })]);
    const created = accept(1001, 200, { success: true, new_contract: 1 });
    show(1);
    await provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', spot: true });
    expect(query.body).toMatchObject({
      type: 'bid',
      order: [
        ['min_bid', 'asc'],
        ['reliability', 'desc'],
      ],
    });
    expect(created.body).toMatchObject({ price: 0.123, cancel_unavail: false });

    search([offer({ id: 1001, min_bid: 0.123 })]);
    const bid = accept(1001, 200, { success: true, new_contract: 2 });
    show(2);
    await provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', spot: true, providerOptions: { bidPerHour: 0.2 } });
    expect(bid.body?.price).toBe(0.2);
  });

  it("auth 'bearer' injects the token in env and returns a handle that verifies", async () => {
    search([offer({ id: 1001 })]);
    const created = accept(1001, 200, { success: true, new_contract: 5 });
    show(5);
    const compute = await provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', auth: 'bearer' });
    const env = created.body?.env as Record<string, string>;
    expect(compute.auth).toBeDefined();
    expect(env.ATLAS_PRESHARED_KEY).toBe(compute.auth?.token);
    expect(await verifyToken(compute.auth!.token, compute.auth!.hash)).toBe(true);
  });
});

describe('spawnCompute: an ambiguous rent is never sent again', () => {
  it('after a 500, finds the instance by its label (the marker) and adopts it', async () => {
    search([offer({ id: 1001 }), offer({ id: 1002 })]);
    const created = accept(1001, 500, { success: false, error: 'server_error', msg: 'internal' });
    const listed: { query?: URLSearchParams } = {};
    nock(BASE)
      .get('/api/v1/instances/')
      .query(true)
      .reply((req: Request) => {
        listed.query = new URL(req.url).searchParams;
        const label = JSON.parse(listed.query.get('select_filters') ?? '{}').label.eq as string;
        return [200, { success: true, next_token: null, instances: [instance({ id: 99, label })] }];
      });
    const compute = await provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', name: 'box' });
    expect(compute.id).toBe('99');
    expect(compute.name).toBe('box');
    expect(JSON.parse(listed.query?.get('select_filters') ?? '{}')).toEqual({ label: { eq: created.body?.label } });
  });

  it('fails closed with possiblyCreated and what to look for when the lookup finds nothing', async () => {
    search([offer({ id: 1001 }), offer({ id: 1002 })]);
    nock(BASE)
      .put('/api/v0/asks/1001/')
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    nock(BASE).get('/api/v1/instances/').query(true).reply(200, { success: true, next_token: null, instances: [] });
    const error = await rejection(() => provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', name: 'box' }));
    expect(error.kind).toBe('transport');
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ possiblyCreated: true, lookFor: { name: 'box' } });
    const marker = (error.details?.lookFor as { marker?: string } | undefined)?.marker;
    expect(marker).toMatch(/^[0-9a-f]{16}$/);
    expect(error.message).toContain('atlas ls --name box');
    expect(error.message).toContain(`marker ${marker}`);
  });

  it('a repeated spawn with the same idempotency key adopts the first instance without searching', async () => {
    nock(BASE)
      .get('/api/v1/instances/')
      .query((q) => JSON.parse(String(q.select_filters)).label.eq === 'box #atlas:k-order-42')
      .reply(200, {
        success: true,
        next_token: null,
        instances: [instance({ id: 4242, label: 'box #atlas:k-order-42' })],
      });
    const compute = await provider().spawnCompute(
      { gpu: 'rtx_4090', image: 'x', name: 'box' },
      { idempotencyKey: 'order-42' },
    );
    expect(compute.id).toBe('4242');
  });
});

describe('spawnCompute: checked before any request', () => {
  it.each([
    ['a region hint that is not a country', { regionHints: ['us-east-1'] }, 'validation'],
    ['an unknown providerOptions key', { providerOptions: { label: 'mine' } }, 'validation'],
    ['a reliability floor above 1', { providerOptions: { minReliability: 2 } }, 'validation'],
    ['signed URLs', { auth: 'signed_url' }, 'unsupported'],
    ['a network volume', { networkVolumeId: 'vol-1' }, 'unsupported'],
    ['a GPU Vast does not list', { gpu: 'mi300x' }, 'unsupported'],
    ['a CPU-only machine', { gpu: undefined, cpu: { vcpus: 4 } }, 'unsupported'],
  ] as const)('%s', async (_what, extra, kind) => {
    const error = await rejection(() =>
      provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', ...(extra as Record<string, unknown>) }),
    );
    expect(error.kind).toBe(kind);
  });
});

describe('providerOptions.ask: native rent fields', () => {
  it('are merged into the rent body', async () => {
    search([offer({ id: 1001 })]);
    const created = accept(1001, 200, { success: true, new_contract: 1 });
    show(1);
    await provider().spawnCompute({
      gpu: 'rtx_4090',
      image: 'x',
      providerOptions: { ask: { use_jupyter_lab: true, volume_info: { create_new: true, size: 20 } } },
    });
    expect(created.body).toMatchObject({
      use_jupyter_lab: true,
      volume_info: { create_new: true, size: 20 },
      image: 'x',
    });
  });

  it.each(['label', 'env', 'image', 'price', 'disk'])(
    'may not set %s, which Atlas owns (no request)',
    async (field) => {
      const error = await rejection(() =>
        provider().spawnCompute({ gpu: 'rtx_4090', image: 'x', providerOptions: { ask: { [field]: 'mine' } } }),
      );
      expect(error.kind).toBe('validation');
      expect(error.issues.map((i) => i.path)).toContain(`providerOptions.ask.${field}`);
    },
  );
});
