import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { collect, KEY, pod, provider, REST, rejection, useNock } from './helpers.js';

useNock();

const sse = (events: { ts: string; line: string }[]) =>
  events
    .map((e) => `id: ${e.ts}\ndata: ${JSON.stringify({ source: 'container', line: e.line, ts: e.ts })}\n\n`)
    .join('');

describe('logs: GET /v2/pods/{id}/logs (server-sent events)', () => {
  it('yields the lines of the backlog, in order', async () => {
    nock(REST, { reqheaders: { authorization: `Bearer ${KEY}`, accept: 'text/event-stream' } })
      .get('/v2/pods/p1/logs')
      .query({ tail: '2', source: 'container' })
      .reply(
        200,
        `: comment\n${sse([
          { ts: '2026-01-01T00:00:00Z', line: 'booting' },
          { ts: '2026-01-01T00:00:01Z', line: 'ready on :8000' },
        ])}`,
        { 'content-type': 'text/event-stream' },
      );
    expect(await collect(provider().logs('p1', { tail: 2, source: 'container' }))).toEqual([
      'booting',
      'ready on :8000',
    ]);
  });

  it('without follow, stops at the first line stamped after the call began', async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    nock(REST)
      .get('/v2/pods/p1/logs')
      .reply(
        200,
        sse([
          { ts: '2026-01-01T00:00:00Z', line: 'old' },
          { ts: future, line: 'live' },
          { ts: future, line: 'more' },
        ]),
        {
          'content-type': 'text/event-stream',
        },
      );
    expect(await collect(provider().logs('p1'))).toEqual(['old']);
  });

  it('with follow, keeps yielding live lines; a closed stream of a stopped pod is the end', async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    nock(REST)
      .get('/v2/pods/p1/logs')
      .reply(
        200,
        sse([
          { ts: '2026-01-01T00:00:00Z', line: 'old' },
          { ts: future, line: 'live' },
        ]),
        { 'content-type': 'text/event-stream' },
      )
      .get('/v2/pods/p1')
      .reply(200, pod({ id: 'p1', status: 'TERMINATED' }));
    expect(await collect(provider().logs('p1', { follow: true }))).toEqual(['old', 'live']);
  });

  it('a data line that is not JSON is yielded as it is', async () => {
    nock(REST).get('/v2/pods/p1/logs').reply(200, 'data: plain text\n\n', { 'content-type': 'text/event-stream' });
    expect(await collect(provider().logs('p1'))).toEqual(['plain text']);
  });

  it('an unknown pod rejects not_found, as an AtlasError', async () => {
    nock(REST).get('/v2/pods/nope/logs').reply(404, { title: 'Not Found', status: 404, detail: 'resource not found' });
    expect((await rejection(collect(provider().logs('nope')))).kind).toBe('not_found');
  });
});

describe('serverless endpoints: /v2/serverless', () => {
  const endpoint = {
    id: 'ep1',
    name: 'infer',
    type: 'QUEUE',
    env: { HF_TOKEN: 'hf_secret_value_123' },
    workers: { min: 0, max: 3 },
  };

  it('list, get, create, update, delete; env values come back scrubbed', async () => {
    const created: unknown[] = [];
    nock(REST)
      .get('/v2/serverless')
      .reply(200, { endpoints: [endpoint] })
      .get('/v2/serverless/ep1')
      .reply(200, endpoint)
      .post('/v2/serverless', (body) => {
        created.push(body);
        return true;
      })
      .reply(201, endpoint)
      .patch('/v2/serverless/ep1', { workers: { max: 5 } })
      .reply(200, { ...endpoint, workers: { min: 0, max: 5 } })
      .delete('/v2/serverless/ep1')
      .reply(204);
    const runpod = provider();
    const [listed] = await runpod.endpoints.list();
    expect(listed?.id).toBe('ep1');
    expect(JSON.stringify(listed)).not.toContain('hf_secret_value_123');
    expect((await runpod.endpoints.get('ep1')).name).toBe('infer');
    const input = {
      name: 'infer',
      type: 'QUEUE' as const,
      scaling: { type: 'QUEUE_DELAY' as const, queueDelay: 4 },
      image: 'me/worker:1',
    };
    await runpod.endpoints.create(input);
    expect(created).toEqual([input]);
    expect((await runpod.endpoints.update('ep1', { workers: { max: 5 } })).workers?.max).toBe(5);
    await runpod.endpoints.delete('ep1');
  });

  it('the call context comes last and can carry its own key', async () => {
    nock(REST, { reqheaders: { authorization: 'Bearer rp_other_key_abcdefg' } })
      .get('/v2/serverless')
      .reply(200, { endpoints: [] });
    expect(await provider().endpoints.list({ apiKey: 'rp_other_key_abcdefg' })).toEqual([]);
  });
});

describe('templates: /v2/templates', () => {
  it('list, get, create, delete', async () => {
    const template = {
      id: 't1',
      name: 'vllm',
      image: 'vllm/vllm:0.6',
      env: { TOKEN: 'tok_secret_value_1' },
      ports: ['8000/http'],
    };
    nock(REST)
      .get('/v2/templates')
      .reply(200, { templates: [template] })
      .get('/v2/templates/t1')
      .reply(200, template)
      .post('/v2/templates', { name: 'vllm', image: 'vllm/vllm:0.6' })
      .reply(201, template)
      .delete('/v2/templates/t1')
      .reply(204);
    const runpod = provider();
    expect((await runpod.templates.list()).map((t) => t.id)).toEqual(['t1']);
    const got = await runpod.templates.get('t1');
    expect(JSON.stringify(got)).not.toContain('tok_secret_value_1');
    expect((await runpod.templates.create({ name: 'vllm', image: 'vllm/vllm:0.6' })).id).toBe('t1');
    await runpod.templates.delete('t1');
  });
});

describe('network volumes: /v2/network-volumes', () => {
  it('list, get, create, delete', async () => {
    const volume = { id: 'v1', name: 'data', size: 100, dataCenter: 'EU-RO-1', type: 'STANDARD' };
    nock(REST)
      .get('/v2/network-volumes')
      .reply(200, { networkVolumes: [volume] })
      .get('/v2/network-volumes/v1')
      .reply(200, volume)
      .post('/v2/network-volumes', { name: 'data', size: 100, dataCenter: 'EU-RO-1' })
      .reply(201, volume)
      .delete('/v2/network-volumes/v1')
      .reply(204);
    const runpod = provider();
    expect(await runpod.networkVolumes.list()).toEqual([volume]);
    expect(await runpod.networkVolumes.get('v1')).toEqual(volume);
    expect(await runpod.networkVolumes.create({ name: 'data', size: 100, dataCenter: 'EU-RO-1' })).toEqual(volume);
    await runpod.networkVolumes.delete('v1');
  });

  it('errors are AtlasErrors from runpod', async () => {
    nock(REST)
      .get('/v2/network-volumes/nope')
      .reply(404, { title: 'Not Found', status: 404, detail: 'resource not found' });
    expect((await rejection(provider().networkVolumes.get('nope'))).kind).toBe('not_found');
  });
});
