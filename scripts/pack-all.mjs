// `node scripts/pack-all.mjs <dir>`: packs every public package of this clone into <dir>, for
// installing Atlas from a clone until it is on the npm registry (see README.md, "From a clone").
// Builds them first (turbo: a no-op when dist is current), then `pnpm pack`, which rewrites the
// `workspace:` ranges to real versions. Prints the tarballs, one per line, and the npm command.
// Also a module: `packAll(dir)` returns { name -> tarball path } (the CI checks reuse it).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');

/** Every package under packages/ that is not private, with its directory and package.json. */
export function publicPackages() {
  return readdirSync(join(root, 'packages'))
    .filter((dir) => existsSync(join(root, 'packages', dir, 'package.json')))
    .map((dir) => ({
      dir: join(root, 'packages', dir),
      json: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
    }))
    .filter((p) => !p.json.private);
}

/** Builds and packs every public package into `dir`; returns a Map of package name to tarball path. */
export function packAll(dir, { build = true } = {}) {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const packages = publicPackages();
  const quiet = { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] };
  if (build) {
    const filters = packages.flatMap((p) => ['--filter', p.json.name]);
    execFileSync('pnpm', ['turbo', 'run', 'build', '--output-logs=errors-only', ...filters], quiet);
  }
  const tarballs = new Map();
  for (const p of packages) {
    const stdout = execFileSync('pnpm', ['pack', '--pack-destination', out, '--json'], {
      cwd: p.dir,
      stdio: ['ignore', 'pipe', 'inherit'],
      encoding: 'utf8',
    });
    const { filename } = JSON.parse(stdout);
    tarballs.set(p.json.name, join(out, basename(filename)));
  }
  return tarballs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = process.argv[2];
  if (dir === undefined || dir.startsWith('-')) {
    console.error('usage: node scripts/pack-all.mjs <dir>   (packs every public @atlas package into <dir>)');
    process.exit(2);
  }
  const tarballs = packAll(dir);
  for (const file of tarballs.values()) console.log(file);
  const cli = publicPackages().find((p) => p.json.name === '@atlas/cli');
  const cliNeeds = Object.keys(cli?.json.dependencies ?? {}).filter((name) => tarballs.has(name));
  console.error(
    `\npacked ${tarballs.size} packages into ${resolve(dir)}. In your project, install the ones you use, all in one command, e.g.\n` +
      `  npm install ${tarballs.get('@atlas/core')} ${tarballs.get('@atlas/runpod')}\n` +
      `and the CLI with the Atlas packages it depends on:\n  npm install -g ${[tarballs.get('@atlas/cli'), ...cliNeeds.map((n) => tarballs.get(n))].join(' ')}`,
  );
}
