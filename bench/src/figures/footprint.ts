import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FigureResult } from '../row.js';
import { ratio } from '../stats.js';

const BENCH_DIR = fileURLToPath(new URL('../../', import.meta.url));
const REPO_DIR = join(BENCH_DIR, '..');
/**
 * Core's runtime dependencies are ky and valibot (ARCHITECTURE.md); issue #11 asked RunPod to parse
 * server-sent events with a maintained parser, eventsource-parser (no dependencies of its own).
 */
const ALLOWED = new Set(['ky', 'valibot', 'eventsource-parser']);

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

/** Node's lookup: `node_modules/<name>` in the package's real directory or any parent. */
function findPackageDir(from: string, name: string): string | undefined {
  for (let dir = realpathSync(from); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) return undefined;
  }
}

function resolvePackageDir(from: string, name: string): string {
  const dir = findPackageDir(from, name);
  if (dir === undefined) throw new Error(`cannot resolve ${name} from ${from}`);
  return dir;
}

/**
 * Every package an install pulls in at run time, transitively: dependencies, required peers (an
 * app must install a provider's peer core too) and the optional dependencies installed here (the
 * platform's own). Optional peers (valibot's `typescript`) are the app's choice, not counted.
 * Returns `name@version`s.
 */
export function runtimeClosure(roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (dir: string) => {
    const manifest = readManifest(dir);
    const key = `${manifest.name}@${manifest.version}`;
    if (seen.has(key)) return;
    seen.add(key);
    const peers = Object.keys(manifest.peerDependencies ?? {}).filter(
      (name) => manifest.peerDependenciesMeta?.[name]?.optional !== true,
    );
    for (const name of [...Object.keys(manifest.dependencies ?? {}), ...peers]) visit(resolvePackageDir(dir, name));
    for (const name of Object.keys(manifest.optionalDependencies ?? {})) {
      const found = findPackageDir(dir, name);
      if (found !== undefined) visit(found);
    }
  };
  for (const root of roots) visit(root);
  return seen;
}

function packedBytes(dir: string, into: string): number {
  const before = new Set(readdirSync(into));
  // Under `pnpm bench`, npm_execpath is the running pnpm; otherwise pnpm must be on PATH.
  const execPath = process.env.npm_execpath;
  const [command, prefix] =
    execPath?.includes('pnpm') && /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath]] : ['pnpm', []];
  const result = spawnSync(command, [...prefix, 'pack', '--pack-destination', into], { cwd: dir, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`pnpm pack failed in ${dir}: ${result.stderr || result.error?.message}`);
  const tarball = readdirSync(into).find((file) => !before.has(file) && file.endsWith('.tgz'));
  if (tarball === undefined) throw new Error(`pnpm pack wrote no tarball for ${dir}`);
  return statSync(join(into, tarball)).size;
}

/**
 * Figure 5b: what installing core + runpod costs (packed tarball sizes, transitive runtime
 * dependencies), next to the official runpod-sdk.
 */
export async function footprint(): Promise<FigureResult> {
  const core = join(REPO_DIR, 'packages', 'core');
  const runpod = join(REPO_DIR, 'packages', 'runpod');
  const sdk = resolvePackageDir(BENCH_DIR, 'runpod-sdk');
  const out = mkdtempSync(join(tmpdir(), 'atlas-bench-pack-'));
  try {
    const atlasBytes = packedBytes(core, out) + packedBytes(runpod, out);
    const sdkBytes = packedBytes(sdk, out);
    const atlasDeps = [...runtimeClosure([core, runpod])].filter((key) => !key.startsWith('@atlas/'));
    const sdkDeps = [...runtimeClosure([sdk])].filter((key) => !key.startsWith('runpod-sdk@'));
    const extra = atlasDeps.filter((key) => !ALLOWED.has(key.slice(0, key.lastIndexOf('@'))));
    return {
      rows: [
        {
          figure: '5',
          metric: 'core + runpod packed tarballs (pnpm pack)',
          unit: 'KiB',
          atlas: atlasBytes / 1024,
          baseline: sdkBytes / 1024,
          baselineName: 'runpod-sdk tarball',
          ratio: ratio(atlasBytes, sdkBytes),
          note: 'context: Atlas ships dist, d.ts, maps and src, and covers pods too; runpod-sdk is serverless only',
        },
        {
          figure: '5',
          metric: 'core + runpod transitive runtime dependencies',
          unit: 'packages',
          atlas: atlasDeps.length,
          baseline: sdkDeps.length,
          baselineName: 'runpod-sdk runtime deps',
          ratio: sdkDeps.length === 0 ? Number.NaN : ratio(atlasDeps.length, sdkDeps.length),
          target: 'only ky, valibot (core) + eventsource-parser (runpod)',
          met: extra.length === 0,
          note: `atlas: ${atlasDeps.join(', ') || 'none'}; runpod-sdk: ${sdkDeps.join(', ') || 'none'}`,
        },
      ],
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
