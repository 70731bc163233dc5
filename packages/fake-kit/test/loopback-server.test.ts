import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTinyFake, type TinyFake } from './loopback-fake.js';

let fake: TinyFake;
beforeEach(async () => {
  fake = await startTinyFake();
});
afterEach(async () => {
  await fake.server.close();
});

const url = (path: string): string => `${fake.server.origin}${path}`;
const create = (body: unknown): Promise<Response> =>
  fetch(url('/things'), {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });

describe('a fake built from the kit, on loopback', () => {
  it('listens on 127.0.0.1 and answers JSON bodies as JSON, strings as plain text, none as none', async () => {
    expect(new URL(fake.server.origin).hostname).toBe('127.0.0.1');
    const created = await create({ name: 'a' });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/json');
    expect(await created.json()).toEqual({ name: 'a' });
    const missing = await fetch(url('/nowhere'));
    expect(missing.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await missing.text()).toBe('no such route');
    const broken = await fetch(url('/things'), { method: 'POST', body: '{nope' });
    expect(broken.status).toBe(400);
  });

  it('answers a fault once, then serves normally, counting both requests', async () => {
    fake.faults.inject('listCompute', { status: 503, retryAfterSeconds: 7 });
    const faulted = await fetch(url('/things'));
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('7');
    expect(await faulted.json()).toEqual({ error: 'injected' });
    expect((await fetch(url('/things'))).status).toBe(200);
    expect(fake.faults.count('listCompute')).toBe(2);
  });

  it('sends a fault body verbatim: a string as text, or with the content type it names', async () => {
    fake.faults.inject('listCompute', { status: 200, body: '{not json', contentType: 'application/json' });
    fake.faults.inject('listCompute', { status: 502, body: '<html>bad gateway</html>' });
    fake.faults.inject('listCompute', { retryAfterSeconds: 2 });
    const malformed = await fetch(url('/things'));
    expect(malformed.headers.get('content-type')).toBe('application/json');
    expect(await malformed.text()).toBe('{not json');
    const html = await fetch(url('/things'));
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await html.text()).toBe('<html>bad gateway</html>');
    expect((await fetch(url('/things'))).status).toBe(429);
  });

  it('drops the connection for a reset fault', async () => {
    fake.faults.inject('listCompute', { resetConnection: true });
    await expect(fetch(url('/things'))).rejects.toThrow();
    expect((await fetch(url('/things'))).status).toBe(200);
  });

  it('serves a delay-only fault normally once the delay is over', async () => {
    await create({ name: 'a' });
    fake.faults.inject('listCompute', { delayMs: 20 });
    const delayed = await fetch(url('/things'));
    expect(delayed.status).toBe(200);
    expect(await delayed.json()).toEqual([{ name: 'a' }]);
  });

  it('creates, then fails, for an afterCreate fault: the client never learns of the create', async () => {
    fake.faults.inject('spawnCompute', { afterCreate: true });
    expect((await create({ name: 'ghost' })).status).toBe(500);
    expect(fake.things).toEqual([{ name: 'ghost' }]);
    fake.faults.inject('spawnCompute', { afterCreate: true, resetConnection: true });
    await expect(create({ name: 'ghost-2' })).rejects.toThrow();
    expect(fake.things).toEqual([{ name: 'ghost' }, { name: 'ghost-2' }]);
  });

  it('holds a commitAfterMs create, then answers as usual, or with the fault status when given one', async () => {
    fake.faults.inject('spawnCompute', { commitAfterMs: 10 });
    expect((await create({ name: 'late' })).status).toBe(201);
    fake.faults.inject('spawnCompute', { commitAfterMs: 10, status: 504 });
    expect((await create({ name: 'late-failed' })).status).toBe(504);
    expect(fake.things).toEqual([{ name: 'late' }, { name: 'late-failed' }]);
  });

  it('lands a held commit even when the client gave up before it', async () => {
    fake.faults.inject('spawnCompute', { commitAfterMs: 100 });
    await expect(
      fetch(url('/things'), { method: 'POST', body: '{"name":"orphan"}', signal: AbortSignal.timeout(10) }),
    ).rejects.toThrow();
    await expect.poll(() => fake.things, { interval: 20, timeout: 2_000 }).toEqual([{ name: 'orphan' }]);
  });

  it('answers a handler that throws with the fake error envelope', async () => {
    const response = await fetch(url('/boom'));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: 'handler failed' });
  });

  it('drops a held request on close instead of keeping the process alive', async () => {
    fake.faults.inject('listCompute', { delayMs: 60_000 });
    const held = fetch(url('/things'));
    await expect.poll(() => fake.faults.count('listCompute')).toBe(1);
    await fake.server.close();
    await expect(held).rejects.toThrow();
    fake = await startTinyFake();
  });
});
