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
  /** The application's store: a SQLite file or a postgres:// URL. */
  readonly store?: string;
  readonly owner?: string;
  readonly provider?: string[];
}

/** What the page is served over: the demo's orchestrator, or the application's through its store. */
interface Source {
  readonly orchestrator: Parameters<typeof createDashboard>[0]['orchestrator'];
  readonly providers: NonNullable<Parameters<typeof createDashboard>[0]['providers']>;
  readonly title: string;
  readonly stopping: string;
  close(): Promise<void>;
}

/**
 * `atlas dashboard`: the dashboard on loopback, until Ctrl-C, over either
 * - `--store <sqlite file | postgres URL> --owner <ownerId>`: the application's sessions, read
 *   through its durable store by one more orchestrator instance (app-orchestrator.ts), which leaves
 *   every machine running when it stops; or
 * - `--demo`: a live demo orchestrator over the mock and the RunPod fake.
 * Without either it refuses: an orchestrator of its own, on a fresh memory store, would track
 * nothing, so the page would only mislead.
 */
export async function dashboardCommand(session: Session, flags: DashboardFlags): Promise<void> {
  const port = parsePortNumber(flags.port);
  if (flags.demo === true && flags.store !== undefined) {
    throw new UsageError('--demo and --store exclude each other: the demo brings its own orchestrator.');
  }
  if (flags.demo !== true && flags.store === undefined) {
    throw new UsageError(
      "atlas dashboard needs your application's store: --store <sqlite file | postgres:// URL> --owner " +
        '<ownerId> (the ones your orchestrator uses), or --demo to see it over a demo. To mount it in ' +
        'your application instead, see docs/dashboard.md.',
    );
  }
  const source = flags.store === undefined ? await demoSource(session) : await appSource(session, flags, flags.store);
  // Minted here and printed once, to the operator's own terminal, inside the login link: the
  // dashboard itself only ever holds its hash.
  const { token, hash } = await mintToken();
  const dashboard = createDashboard({
    orchestrator: source.orchestrator,
    providers: source.providers,
    tokenHash: hash,
  });
  const server = createServer(dashboard.node);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, flags.host, () => resolve());
    });
  } catch (error) {
    await source.close();
    throw new UsageError(`cannot listen on ${flags.host}:${port}: ${(error as Error).message}`);
  }
  const { address, port: bound } = server.address() as AddressInfo;
  const origin = `http://${address.includes(':') ? `[${address}]` : address}:${bound}`;
  const login = `${origin}/login?token=${encodeURIComponent(token)}`;

  if (session.out.json) session.out.dataLine({ url: `${origin}/`, login });
  else {
    session.out.essential(source.title);
    session.out.essential(`  ${origin}/`);
    session.out.essential(`  log in: ${login}`);
    session.out.note('The link holds this run’s access token: it is printed only here. Ctrl-C stops the dashboard.');
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
  session.out.note(source.stopping);
  await dashboard.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await source.close();
  session.out.note('Stopped.');
}

async function demoSource(session: Session): Promise<Source> {
  const { startDashboardDemo } = await import('../demo/dashboard-demo.js');
  const demo = await startDashboardDemo((message) => session.out.debug(message));
  return {
    orchestrator: demo.orchestrator,
    providers: demo.providers,
    title: 'Atlas dashboard (demo): the mock and the RunPod fake on loopback, sessions coming and going',
    stopping: 'Stopping: ending the demo sessions…',
    close: () => demo.close(),
  };
}

async function appSource(session: Session, flags: DashboardFlags, store: string): Promise<Source> {
  const { openAppOrchestrator } = await import('./app-orchestrator.js');
  const app = await openAppOrchestrator(session, { ...flags, store });
  return {
    orchestrator: app.orchestrator,
    providers: app.providers,
    title: `Atlas dashboard: the sessions of owner ${flags.owner?.trim()} on ${Object.keys(app.providers).join(', ')}`,
    stopping: 'Stopping (every machine keeps running)…',
    close: () => app.close(),
  };
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
