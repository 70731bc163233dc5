import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mintToken } from '@atlas/core';
import { createDashboard } from '@atlas/dashboard';
import { UsageError } from '../errors.js';
import type { Session } from '../session.js';

export interface DashboardFlags {
  readonly port: string;
  readonly host: string;
  readonly demo?: boolean;
}

/**
 * `atlas dashboard --demo`: the dashboard over a live demo orchestrator, on loopback, until Ctrl-C.
 *
 * Without --demo it refuses: the sessions the dashboard shows live in the application's own
 * orchestrator (its store, its ownerId), which the CLI cannot reach. An orchestrator the CLI made
 * itself, on a fresh memory store, would track nothing, so the page would only mislead; the
 * dashboard belongs next to the app's orchestrator (docs/dashboard.md shows the few lines).
 */
export async function dashboardCommand(session: Session, flags: DashboardFlags): Promise<void> {
  const port = parsePortNumber(flags.port);
  if (flags.demo !== true) {
    throw new UsageError(
      'atlas dashboard serves only the demo for now (--demo): the sessions it shows live in your ' +
        "application's orchestrator, which the CLI cannot reach. Mount @atlas/dashboard next to it " +
        '(docs/dashboard.md), or try `atlas dashboard --demo`.',
    );
  }
  const { startDashboardDemo } = await import('../demo/dashboard-demo.js');
  const demo = await startDashboardDemo((message) => session.out.debug(message));
  // Minted here and printed once, to the operator's own terminal, inside the login link: the
  // dashboard itself only ever holds its hash.
  const { token, hash } = await mintToken();
  const dashboard = createDashboard({ orchestrator: demo.orchestrator, providers: demo.providers, tokenHash: hash });
  const server = createServer(dashboard.node);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, flags.host, () => resolve());
    });
  } catch (error) {
    await demo.close();
    throw new UsageError(`cannot listen on ${flags.host}:${port}: ${(error as Error).message}`);
  }
  const { address, port: bound } = server.address() as AddressInfo;
  const origin = `http://${address.includes(':') ? `[${address}]` : address}:${bound}`;
  const login = `${origin}/login?token=${encodeURIComponent(token)}`;

  if (session.out.json) session.out.dataLine({ url: `${origin}/`, login });
  else {
    session.out.essential(
      `Atlas dashboard (demo): the mock and the RunPod fake on loopback, sessions coming and going`,
    );
    session.out.essential(`  ${origin}/`);
    session.out.essential(`  log in: ${login}`);
    session.out.note('The link holds this run’s access token: it is printed only here. Ctrl-C stops the demo.');
    if (!isLoopback(address)) {
      session.out.note(
        `Served over plain HTTP on ${address}: anyone who sees the link or the cookie on the network gets in.`,
      );
    }
  }

  await new Promise<void>((resolve) => {
    if (session.signal.aborted) resolve();
    else session.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  session.out.note('Stopping: ending the demo sessions…');
  await dashboard.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await demo.close();
  session.out.note('Stopped.');
}

function parsePortNumber(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n > 65_535) {
    throw new UsageError(`--port "${text}" must be a whole number from 0 (any free port) to 65535.`);
  }
  return n;
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address === '::ffff:127.0.0.1';
}
