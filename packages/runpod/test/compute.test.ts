import { inspect } from 'node:util';
import { computeSecrets, PRESHARED_KEY_ENV } from '@atlas/core';
import { CREATE_MARKER_ENV, redactText } from '@atlas/core/provider';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { KEY, PROBLEM_JSON, pod, provider, REST, useNock } from './helpers.js';

useNock();

describe('getCompute: GET /v2/pods/{id}', () => {
  it('translates a running pod', async () => {
    nock(REST, { reqheaders: { authorization: `Bearer ${KEY}` } })
      .get('/v2/pods/pod123abc')
      .reply(200, pod());
    const compute = await provider().getCompute('pod123abc');
    expect(compute).toMatchObject({
      id: 'pod123abc',
      provider: 'runpod',
      status: 'running',
      name: 'atlas-test',
      image: 'runpod/pytorch:2.4',
      gpuType: 'rtx_4090',
      gpuCount: 1,
      publicIp: '195.26.233.3',
      costPerHour: 0.44,
      region: 'US-KS-2',
      createdAt: '2026-06-01T12:00:00Z',
    });
    expect(compute.ports).toEqual([
      { internal: 8000, protocol: 'http', url: 'https://pod123abc-8000.proxy.runpod.net' },
      { internal: 22, external: 34446, protocol: 'tcp', url: 'tcp://195.26.233.3:34446' },
    ]);
  });

  it('raw is the pod with env values scrubbed', async () => {
    nock(REST).get('/v2/pods/pod123abc').reply(200, pod());
    const compute = await provider().getCompute('pod123abc');
    const raw = compute.raw as { env: Record<string, string>; id: string };
    expect(raw.id).toBe('pod123abc');
    expect(Object.keys(raw.env)).toEqual(['SECRET_THING']);
    expect(JSON.stringify(compute)).not.toContain('hunter2-secret-value');
  });

  it("declares the pod's env values as its secrets (the token among them), registered for redaction", async () => {
    const env = {
      HF_TOKEN: 'hf-declared-canary-0001',
      [PRESHARED_KEY_ENV]: 'token-declared-canary-0002',
      DEBUG: '1',
      [CREATE_MARKER_ENV]: 'marker-not-a-secret-0003',
    };
    nock(REST).get('/v2/pods/pod123abc').reply(200, pod({ env }));
    const compute = await provider().getCompute('pod123abc');
    // The create marker is Atlas's own, there to be found; `1` is too short to redact.
    expect(computeSecrets(compute)).toEqual([env.HF_TOKEN, env[PRESHARED_KEY_ENV]]);
    expect(redactText(`${env.HF_TOKEN} ${env[PRESHARED_KEY_ENV]}`)).toBe('[redacted] [redacted]');
    expect(JSON.stringify(compute)).not.toContain('declared-canary');
  });

  it('a listed pod carries its env values as secrets too (held by whoever needs them, not registered)', async () => {
    nock(REST)
      .get('/v2/pods')
      .reply(200, { pods: [pod({ env: { DB_PASS: 'listed-canary-0004' } })] });
    const [compute] = await provider().listCompute({});
    expect(computeSecrets(compute)).toEqual(['listed-canary-0004']);
  });

  it('raw is scrubbed when first read, then the same object; spread and JSON carry it', async () => {
    nock(REST).get('/v2/pods/pod123abc').reply(200, pod());
    const compute = await provider().getCompute('pod123abc');
    expect(Object.keys(compute)).toContain('raw');
    expect(inspect(compute, { depth: 10, getters: false })).not.toContain('hunter2-secret-value');
    const first = compute.raw as { env: Record<string, string> };
    expect(compute.raw).toBe(first);
    expect(first.env.SECRET_THING).not.toBe('hunter2-secret-value');
    const copy = { ...compute };
    expect(copy.raw).toBe(first);
    expect(JSON.parse(JSON.stringify(compute)).raw.env).toEqual(first.env);
    expect(structuredClone(compute).raw).toEqual(first);
  });

  it('console.log shows raw scrubbed, not as [Getter]; the printing hook stays out of copies and equality', async () => {
    nock(REST).get('/v2/pods/pod123abc').reply(200, pod());
    const compute = await provider().getCompute('pod123abc');
    const printed = inspect(compute, { depth: 10 });
    expect(printed).not.toContain('[Getter]');
    expect(printed).toContain("SECRET_THING: '[redacted]'");
    expect(printed).not.toContain('hunter2-secret-value');
    expect(inspect(compute, { depth: 10, showHidden: true })).not.toContain('hunter2-secret-value');
    expect(Object.keys(structuredClone(compute))).toEqual(Object.keys(compute));
    expect({ ...compute }).toStrictEqual(JSON.parse(JSON.stringify(compute)));
  });

  it.each([
    ['PROVISIONING', 'provisioning'],
    ['STARTING', 'provisioning'],
    ['RUNNING', 'running'],
    ['EXITED', 'stopped'],
    ['ERROR', 'failed'],
    ['TERMINATED', 'terminated'],
  ])('status %s becomes %s', async (native, status) => {
    nock(REST)
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1', status: native }));
    expect((await provider().getCompute('p1')).status).toBe(status);
  });

  it('a tcp port without a live mapping has no url; a pod with no runtime has no public ip', async () => {
    nock(REST)
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1', status: 'STARTING', runtime: null }));
    const compute = await provider().getCompute('p1');
    expect(compute.ports).toEqual([
      { internal: 8000, protocol: 'http', url: 'https://p1-8000.proxy.runpod.net' },
      { internal: 22, protocol: 'tcp' },
    ]);
    expect(compute.publicIp).toBeUndefined();
  });

  it('an H100 SXM reports h100_sxm; an unmapped GPU keeps its native id', async () => {
    nock(REST)
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1', gpu: { id: 'NVIDIA H100 80GB HBM3', count: 8 } }));
    const h100 = await provider().getCompute('p1');
    expect(h100.gpuType).toBe('h100_sxm');
    expect(h100.gpuCount).toBe(8);
    nock(REST)
      .get('/v2/pods/p2')
      .reply(200, pod({ id: 'p2', gpu: { id: 'NVIDIA A40', count: 1 } }));
    expect((await provider().getCompute('p2')).gpuType).toBe('NVIDIA A40');
  });

  it('encodes the id into the path', async () => {
    nock(REST)
      .get('/v2/pods/a%3Ab%40c')
      .reply(200, pod({ id: 'a:b@c' }));
    expect((await provider().getCompute('a:b@c')).id).toBe('a:b@c');
  });

  it('refuses an id that would change the path before any request', async () => {
    const error = await provider()
      .getCompute('a/b')
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation', provider: 'runpod' });
  });
});

describe('listCompute: GET /v2/pods, filtered on our side', () => {
  const pods = [
    pod({ id: 'a', name: 'web-1', status: 'RUNNING', dataCenterId: 'EU-RO-1' }),
    pod({ id: 'b', name: 'web-2', status: 'EXITED', dataCenterId: 'US-TX-3' }),
    pod({ id: 'c', name: 'batch', status: 'RUNNING', gpu: { id: 'NVIDIA L4', count: 1 }, dataCenterId: 'EU-RO-1' }),
  ];
  const list = async (filter: Record<string, unknown>) => {
    nock(REST).get('/v2/pods').reply(200, { pods });
    return (await provider().listCompute(filter as never)).map((c) => c.id);
  };

  it('no filter returns every pod', async () => {
    expect(await list({})).toEqual(['a', 'b', 'c']);
  });
  it('by name, name prefix, status, gpu and region', async () => {
    expect(await list({ name: 'batch' })).toEqual(['c']);
    expect(await list({ namePrefix: 'web-' })).toEqual(['a', 'b']);
    expect(await list({ status: 'stopped' })).toEqual(['b']);
    expect(await list({ status: ['running', 'stopped'] })).toEqual(['a', 'b', 'c']);
    expect(await list({ gpu: 'l4' })).toEqual(['c']);
    expect(await list({ region: 'EU-RO-1', gpu: 'rtx_4090' })).toEqual(['a']);
  });
  it("gpu 'h100' finds every H100 form factor; 'h100_pcie' only PCIe", async () => {
    const h100s = [
      pod({ id: 'sxm', gpu: { id: 'NVIDIA H100 80GB HBM3', count: 1 } }),
      pod({ id: 'pcie', gpu: { id: 'NVIDIA H100 PCIe', count: 1 } }),
      pod({ id: 'cpu', gpu: undefined }),
    ];
    nock(REST).get('/v2/pods').times(2).reply(200, { pods: h100s });
    expect((await provider().listCompute({ gpu: 'h100' })).map((c) => c.id)).toEqual(['sxm', 'pcie']);
    expect((await provider().listCompute({ gpu: 'h100_pcie' })).map((c) => c.id)).toEqual(['pcie']);
  });
  it('an invalid filter is a validation error before any request', async () => {
    await expect(provider().listCompute({ status: 'sleeping' } as never)).rejects.toMatchObject({
      kind: 'validation',
      provider: 'runpod',
    });
  });
});

describe('stop, start, terminate', () => {
  it('stop and start POST /v2/pods/{id}/action with the action', async () => {
    const bodies: unknown[] = [];
    nock(REST)
      .post('/v2/pods/p1/action', (body) => {
        bodies.push(body);
        return true;
      })
      .times(2)
      .reply(200, pod({ id: 'p1' }));
    await provider().stop('p1');
    await provider().start('p1');
    expect(bodies).toEqual([{ action: 'stop' }, { action: 'start' }]);
  });

  it('a retry answered 409 because the lost first attempt went through: the pod is stopped, so stop resolves', async () => {
    nock(REST)
      .post('/v2/pods/p1/action')
      .reply(502, 'bad gateway')
      .post('/v2/pods/p1/action')
      .reply(
        409,
        { title: 'Conflict', status: 409, detail: "action 'stop' is not valid for a pod in status EXITED" },
        PROBLEM_JSON,
      )
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1', status: 'EXITED', actions: ['start', 'terminate'] }));
    await provider({ retry: { limit: 1, backoffMs: 1 } }).stop('p1');
  });

  it.each([
    ['stop', 'EXITED'],
    ['start', 'RUNNING'],
    ['start', 'STARTING'],
  ] as const)('%s on a pod already %s resolves (RunPod answers 409)', async (action, status) => {
    nock(REST)
      .post('/v2/pods/p1/action')
      .reply(
        409,
        { title: 'Conflict', status: 409, detail: `action '${action}' is not valid for a pod in status ${status}` },
        PROBLEM_JSON,
      )
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1', status }));
    await provider()[action]('p1');
  });

  it('a 409 that is a real conflict (stop of a pod in ERROR) stays conflict, also when the pod cannot be read', async () => {
    const conflict = { title: 'Conflict', status: 409, detail: "action 'stop' is not valid for a pod in status ERROR" };
    nock(REST)
      .post('/v2/pods/p1/action')
      .reply(409, conflict, PROBLEM_JSON)
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1', status: 'ERROR' }));
    await expect(provider().stop('p1')).rejects.toMatchObject({ kind: 'conflict', provider: 'runpod' });
    nock(REST).post('/v2/pods/p1/action').reply(409, conflict, PROBLEM_JSON).get('/v2/pods/p1').reply(500, 'down');
    await expect(provider().stop('p1')).rejects.toMatchObject({ kind: 'conflict', provider: 'runpod' });
  });

  it('actions are retried after a 5xx (they are safe to repeat)', async () => {
    nock(REST)
      .post('/v2/pods/p1/action')
      .reply(502, 'bad gateway')
      .post('/v2/pods/p1/action')
      .reply(200, pod({ id: 'p1' }));
    await provider({ retry: { limit: 1, backoffMs: 1 } }).stop('p1');
  });

  it('terminate is DELETE /v2/pods/{id} (204)', async () => {
    nock(REST, { reqheaders: { authorization: `Bearer ${KEY}` } })
      .delete('/v2/pods/p1')
      .reply(204);
    await expect(provider().terminate('p1')).resolves.toBeUndefined();
  });
});

describe('settings reach every request; the call context overrides them', () => {
  it('settings.fetch and settings.hooks are used; hook events carry no key', async () => {
    nock(REST)
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1' }));
    const urls: string[] = [];
    const events: unknown[] = [];
    const fetch: typeof globalThis.fetch = (input, init) => {
      urls.push(String(input instanceof Request ? input.url : input));
      return globalThis.fetch(input, init);
    };
    await provider({
      fetch,
      hooks: { onRequest: (e) => events.push(e), onResponse: (e) => events.push(e) },
    }).getCompute('p1');
    expect(urls).toEqual(['https://api.runpod.io/v2/pods/p1']);
    expect(events).toHaveLength(2);
    expect(JSON.stringify(events)).not.toContain(KEY);
  });

  it('ctx.fetch wins over settings.fetch', async () => {
    nock(REST)
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1' }));
    const used: string[] = [];
    const tagged =
      (tag: string): typeof globalThis.fetch =>
      (input, init) => {
        used.push(tag);
        return globalThis.fetch(input, init);
      };
    await provider({ fetch: tagged('settings') }).getCompute('p1', { fetch: tagged('call') });
    expect(used).toEqual(['call']);
  });
});
