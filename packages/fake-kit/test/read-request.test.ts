import { afterEach, describe, expect, it } from 'vitest';
import { type LoopbackServer, readRequest, send, startLoopbackServer } from '../src/index.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
});

/** A server that answers with what readRequest made of the request. */
async function echo(bodyMethods?: ReadonlySet<string>): Promise<string> {
  server = await startLoopbackServer(
    async (req, res) => {
      const read = await readRequest(req, bodyMethods);
      send(res, { status: 200, body: { ...read, query: Object.fromEntries(read.query) } });
    },
    { onError: () => ({ status: 500 }) },
  );
  return server.origin;
}

describe('readRequest', () => {
  it('splits path and query, and parses a JSON body', async () => {
    const origin = await echo();
    const answer = await fetch(`${origin}/a/b%20c?x=1&y=two`, { method: 'POST', body: '{"n":1}' });
    expect(await answer.json()).toEqual({
      method: 'POST',
      path: '/a/b%20c',
      query: { x: '1', y: 'two' },
      body: { n: 1 },
      badJson: false,
    });
  });

  it('reports broken JSON, and reads an empty body as none', async () => {
    const origin = await echo();
    expect(await (await fetch(origin, { method: 'PUT', body: '{' })).json()).toMatchObject({ badJson: true });
    const empty = await (await fetch(origin, { method: 'PATCH', body: '  ' })).json();
    expect(empty).toMatchObject({ badJson: false });
    expect(empty).not.toHaveProperty('body');
  });

  it('leaves the body of other methods unread, unless told to read it', async () => {
    const ignoring = await (await fetch(await echo(), { method: 'DELETE', body: '{"n":1}' })).json();
    expect(ignoring).toMatchObject({ method: 'DELETE', badJson: false });
    expect(ignoring).not.toHaveProperty('body');
    await server?.close();
    const reading = await echo(new Set(['DELETE']));
    expect(await (await fetch(reading, { method: 'DELETE', body: '{"n":1}' })).json()).toMatchObject({
      body: { n: 1 },
    });
  });
});
