// Proves `npm create @atlas/provider` from the published artifacts alone: packs @atlas/core,
// @atlas/conformance and @atlas/create-provider with `pnpm pack` (which rewrites workspace: ranges),
// runs the scaffolder from its tarball with `npm exec` (as `npm create` does), non-interactive with
// flags, into a scratch directory; installs the generated package with npm against the packed
// tarballs, then runs its build, typecheck and tests (the full conformance suite, faults included).
// Every capability the scaffolder generates is on in that package; a second package with none,
// sharing the first one's node_modules, type-checks and passes its tests too, so that both sides of
// every template condition compile and run. Then bad input (an existing non-empty directory, an
// invalid package name or provider id) must fail with a clear message and write nothing.
// Run after the workspace build: `node scripts/test-create-provider.mjs [--keep]`. Exits non-zero on failure.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const packed = {
  '@atlas/core': 'core',
  '@atlas/conformance': 'conformance',
  '@atlas/create-provider': 'create-atlas-provider',
};
const ALL = 'stop_start,spot,http_proxy,raw_tcp,gpu_catalog';

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });

// Seconds per phase, printed at the end: this step should stay near a minute.
const phases = [];
let phaseStart = Date.now();
const phase = (name) => {
  phases.push(`${name} ${Math.round((Date.now() - phaseStart) / 1000)}s`);
  phaseStart = Date.now();
};

const scratch = mkdtempSync(join(tmpdir(), 'atlas-create-provider-'));
let failed = false;
try {
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs);
  const tarballOf = {};
  for (const [name, dir] of Object.entries(packed)) {
    const before = new Set(readdirSync(tarballs));
    execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
      cwd: join(root, 'packages', dir),
      stdio: 'ignore',
    });
    const made = readdirSync(tarballs).find((f) => !before.has(f));
    if (made === undefined) throw new Error(`pnpm pack produced no tarball for ${name}`);
    tarballOf[name] = join(tarballs, made);
  }

  const work = join(scratch, 'work');
  mkdirSync(work);
  // As `npm create @atlas/provider@latest <dir> -- <flags>` runs it: npm exec of the package's bin.
  // npm_config_user_agent is npm's own here, so the generated files name npm's commands.
  const create = (args, userAgent) =>
    spawnSync(
      'npm',
      ['exec', '--yes', `--package=${tarballOf['@atlas/create-provider']}`, '--', 'create-provider', ...args],
      {
        cwd: work,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        // `yarn create` and `pnpm create` say who runs them this way; the generated files follow it.
        env: userAgent === undefined ? process.env : { ...process.env, npm_config_user_agent: userAgent },
      },
    );
  const generate = (dir, args, userAgent) => {
    const result = create([dir, ...args], userAgent);
    if (result.status !== 0) throw new Error(`the scaffolder failed for ${dir}:\n${result.stdout}${result.stderr}`);
    process.stdout.write(result.stdout);
    // Before the @atlas packages are published, point their dev dependencies at the tarballs.
    const manifestPath = join(work, dir, 'package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const name of ['@atlas/core', '@atlas/conformance'])
      manifest.devDependencies[name] = `file:${tarballOf[name]}`;
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    return join(work, dir);
  };

  phase('pack');
  const full = generate('atlas-provider-full-cloud', [
    '--id',
    'full-cloud',
    '--package',
    '@example/atlas-provider-full-cloud',
    '--base-url',
    'https://api.full-cloud.example/v2',
    '--api-key-env',
    'FULL_CLOUD_TOKEN',
    '--capabilities',
    ALL,
  ]);
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], full);
  phase('generate and install');
  run('npm', ['run', '--silent', 'build'], full);
  run('npm', ['run', '--silent', 'typecheck'], full);
  run('npm', ['test', '--silent'], full);

  phase('build and test');
  const bare = generate('atlas-provider-bare', ['--yes', '--capabilities', 'none']);
  symlinkSync(join(full, 'node_modules'), join(bare, 'node_modules'), 'dir');
  run(join(bare, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], bare);
  run(join(bare, 'node_modules', '.bin', 'vitest'), ['run'], bare);

  phase('no capabilities');
  // The same package through yarn and pnpm, each installing it on its own (no workspace around it).
  // Yarn 4 (what @changesets/cli's engines ask for), with node_modules as tsc and vitest expect.
  const yarnDir = generate(
    'atlas-provider-yarn',
    ['--yes', '--capabilities', 'gpu_catalog'],
    'yarn/4.18.1 npm/? node/v24',
  );
  const yarn = (...args) =>
    execFileSync('npx', ['-y', '-p', '@yarnpkg/cli-dist@4.18.1', 'yarn', ...args], {
      cwd: yarnDir,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        YARN_NODE_LINKER: 'node-modules',
        YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
        YARN_ENABLE_TELEMETRY: '0',
      },
    });
  yarn('install', '--mode=skip-build');
  yarn('run', 'build');
  yarn('run', 'test');
  phase('yarn');
  const pnpmDir = generate(
    'atlas-provider-pnpm',
    ['--yes', '--capabilities', 'stop_start'],
    'pnpm/12.4.2 npm/? node/v24',
  );
  run('pnpm', ['install', '--ignore-workspace', '--silent'], pnpmDir);
  run('pnpm', ['run', '--silent', 'build'], pnpmDir);
  run('pnpm', ['test'], pnpmDir);
  phase('pnpm');
  // Bad input: a clear message, a non-zero exit, nothing written.
  const refusals = [
    {
      args: ['atlas-provider-full-cloud', '--yes'],
      says: 'exists and is not empty',
      untouched: 'atlas-provider-full-cloud',
    },
    { args: ['bad-name', '--yes', '--package', 'Bad Name'], says: "the package name 'Bad Name'", absent: 'bad-name' },
    { args: ['bad-id', '--yes', '--id', 'Bad_Id'], says: "the provider id 'Bad_Id'", absent: 'bad-id' },
  ];
  const before = readdirSync(full).sort().join();
  for (const { args, says, untouched, absent } of refusals) {
    const result = create(args);
    if (result.status === 0) throw new Error(`the scaffolder accepted ${args.join(' ')}`);
    if (!result.stderr.includes(says)) throw new Error(`no clear message for ${args.join(' ')}:\n${result.stderr}`);
    if (!result.stderr.includes('Nothing was written.'))
      throw new Error(`${args.join(' ')}: no "Nothing was written."`);
    if (absent !== undefined && existsSync(join(work, absent))) throw new Error(`${args.join(' ')} wrote ${absent}`);
    if (untouched !== undefined && readdirSync(join(work, untouched)).sort().join() !== before) {
      throw new Error(`${args.join(' ')} changed ${untouched}`);
    }
  }
  phase('refusals');
  console.log(`(${phases.join(', ')})`);
  console.log(
    'create-provider: generated packages built, type-checked and passed their tests (conformance included) against the packed @atlas/core and @atlas/conformance; bad input refused with nothing written',
  );
} catch (error) {
  failed = true;
  console.error(`create-provider end to end failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  // --keep leaves the generated packages for a look.
  if (process.argv.includes('--keep')) console.log(`kept ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
