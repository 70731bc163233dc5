import type { IncomingMessage, ServerResponse } from 'node:http';
import { hashToken, PRESHARED_KEY_ENV, verifySignedUrl, verifyToken } from '@atlas/core';

/**
 * What runs inside the pod (docs/orchestrator.md, "Inside the pod"). `env` is the pod's
 * process.env; in a test it comes from the mock's readEnv(computeId).
 */
export async function createPodHandler(env: Readonly<Record<string, string | undefined>>) {
  const key = env[PRESHARED_KEY_ENV];
  if (key === undefined) throw new Error(`${PRESHARED_KEY_ENV} is not set: spawn with auth: 'bearer'`);
  const keyHash = await hashToken(key); // keep only the hash around, like the app does
  const appOrigin = env.APP_ORIGIN; // the web app's origin, passed in the spawn's env

  async function authorized(req: IncomingMessage): Promise<boolean> {
    const header = req.headers.authorization;
    if (header !== undefined) return verifyToken(header, keyHash); // fetch, XHR, server-to-server
    return (await verifySignedUrl(req.url ?? '', { secret: key! })) === 'ok'; // <video src>, WebSocket
  }

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // The browser calls from the app's origin, so the pod answers CORS; a preflight carries no token.
    if (appOrigin !== undefined) res.setHeader('access-control-allow-origin', appOrigin).setHeader('vary', 'origin');
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, {
          'access-control-allow-headers': 'authorization, content-type',
          'access-control-allow-methods': 'GET, POST',
          'access-control-max-age': '600',
        })
        .end();
      return;
    }
    if (req.url === '/health') {
      res.end('ok'); // the readiness probe needs no token
      return;
    }
    if (!(await authorized(req))) {
      res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
  };
}
