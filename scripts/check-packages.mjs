// `pnpm check:packages`: proves the published artifacts work outside the workspace.
// Packs every public package with `pnpm pack` (which rewrites workspace: ranges), installs the
// tarballs into a scratch project with npm, type-checks an import of each (skipLibCheck off,
// module nodenext), imports each in Node, then runs the release's publish as a dry run. Exits
// non-zero on the first failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const run = (cmd, args, cwd) =>
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

const packages = readdirSync(join(root, 'packages'))
  .map((dir) => ({
    dir: join(root, 'packages', dir),
    json: JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8')),
  }))
  .filter((p) => !p.json.private);

const scratch = mkdtempSync(join(tmpdir(), 'atlas-check-packages-'));
const tarballs = join(scratch, 'tarballs');
mkdirSync(tarballs);
try {
  for (const p of packages) run('pnpm', ['pack', '--pack-destination', tarballs], p.dir);
  const files = readdirSync(tarballs).map((f) => join(tarballs, f));
  console.log(`packed ${files.length} packages`);

  const app = join(scratch, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '@types/node@^24', ...files], app);

  // Every export path of every package, imported by name.
  const specifiers = packages.flatMap((p) =>
    Object.keys(p.json.exports)
      .filter((key) => key !== './package.json')
      .map((key) => (key === '.' ? p.json.name : `${p.json.name}/${key.slice(2)}`)),
  );
  // conformance and the store suite register vitest tests: type-checked here, imported only under vitest.
  const vitestOnly = new Set(['@atlas/conformance', '@atlas/orchestrator/testing']);
  const runnable = specifiers.filter((s) => !vitestOnly.has(s));
  writeFileSync(
    join(app, 'check.ts'),
    `${specifiers.map((s, i) => `import * as m${i} from '${s}';\nvoid m${i};`).join('\n')}\n`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2023',
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: ['node'],
      },
      files: ['check.ts'],
    }),
  );
  run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], app);
  console.log(`type-checked ${specifiers.length} entry points`);

  for (const s of runnable) run('node', ['--input-type=module', '-e', `await import('${s}')`], app);
  console.log(`imported ${runnable.length} entry points in Node`);

  // The release's publish (scripts/release.mjs: changesets runs `pnpm publish` in each package),
  // as a dry run with provenance on: nothing is uploaded and no credentials are needed.
  const filters = packages.flatMap((p) => ['--filter', p.json.name]);
  execFileSync('pnpm', ['-r', ...filters, 'publish', '--dry-run', '--no-git-checks'], {
    cwd: root,
    env: { ...process.env, NPM_CONFIG_PROVENANCE: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  console.log(`publish dry run of ${packages.length} packages`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
