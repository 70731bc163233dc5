import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAtlasError, signUrl } from '@atlas/core';
import type { Orchestrator, Session } from '../../src/index.js';

/**
 * The web app's side (docs/orchestrator.md, "Server side"), on node:http so the test needs no
 * framework; each branch is one Express route in the docs. `userOf` stands for the app's own login.
 */
export function createAppHandler(
  orch: Orchestrator,
  options: { publicUrl: (session: Session) => string; appOrigin: string },
) {
  const userOf = (req: IncomingMessage) => req.headers['x-user'] as string | undefined;

  /** A session belongs to the user who spawned it; anybody else gets a 404, not a 403. */
  async function ownSession(req: IncomingMessage, id: string): Promise<Session | undefined> {
    const session = await orch.get(id);
    return session !== undefined && session.userId === userOf(req) ? session : undefined;
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const send = (status: number, body?: unknown) =>
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(body === undefined ? undefined : JSON.stringify(body));
    const userId = userOf(req);
    if (userId === undefined) return void send(401);
    const [, , id, action] = (req.url ?? '').split('/'); // /sessions/:id/:action

    try {
      if (req.method === 'POST' && id === undefined) {
        // POST /sessions: one GPU for this user; idle for 5 minutes and it is gone.
        const { session, auth } = await orch.spawn({
          userId,
          gpu: 'h100',
          image: 'ghcr.io/acme/infer:1',
          ports: [{ port: 8000, protocol: 'http' }],
          env: { APP_ORIGIN: options.appOrigin }, // the pod allows the browser's calls from this origin
          idleTtlMs: 5 * 60_000,
          maxRuntimeMs: 2 * 3_600_000,
        });
        const url = options.publicUrl(session);
        // The token is in our hands only now: hand it to the browser, sign URLs with it, forget it.
        const videoUrl = await signUrl(`${url}/video?clip=1`, { secret: auth!.token, expiresIn: 3_600 });
        return void send(201, { sessionId: session.id, url, authorization: auth!.header, videoUrl });
      }
      const session = id === undefined ? undefined : await ownSession(req, id);
      if (session === undefined) return void send(404);
      if (req.method === 'GET' && action === undefined)
        return void send(200, { status: session.status, state: session.state });
      if (req.method === 'POST' && action === 'heartbeat') {
        await orch.touch(session.id);
        return void send(204);
      }
      if (req.method === 'DELETE' && action === undefined) {
        await orch.release(session.id);
        return void send(204);
      }
      send(405);
    } catch (error) {
      const status = isAtlasError(error)
        ? ({ not_found: 404, conflict: 409, validation: 400, capacity: 503 } as Record<string, number>)[error.kind]
        : undefined;
      send(status ?? 500, { error: isAtlasError(error) ? error.kind : 'internal' });
    }
  };
}
