// `pnpm release`: versions and publishes the public packages to npm (see RELEASING.md).
//   node scripts/release.mjs --plan   what the pending changesets would release, and what still
//                                      blocks a release; changes nothing (CI runs it)
//   node scripts/release.mjs          the release: changesets' `version`, the checks, a commit,
//                                      then changesets' `publish` with npm provenance
// The publish itself runs as a dry run in CI on every change (`pnpm check:packages`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { publicPackages } from './pack-all.mjs';

const root = resolve(import.meta.dirname, '..');
const plan = process.argv.includes('--plan');
const sh = (cmd, args, env = {}) =>
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
const out = (cmd, args) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8' }).trim();

/** The releases the pending changesets add up to: [{ name, type, oldVersion, newVersion }]. */
function pendingReleases() {
  const dir = mkdtempSync(join(tmpdir(), 'atlas-release-'));
  try {
    const file = join(dir, 'status.json');
    try {
      execFileSync('pnpm', ['changeset', 'status', `--output=${file}`], { cwd: root, stdio: 'pipe' });
    } catch (error) {
      // e.g. a changeset naming a package that is no longer in the workspace
      const why = `${error.stdout ?? ''}${error.stderr ?? ''}`.split('\n').find((line) => /error/i.test(line));
      console.error(`changeset status failed: ${why ?? error.message}`);
      process.exit(1);
    }
    return JSON.parse(readFileSync(file, 'utf8')).releases.filter((r) => r.type !== 'none');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What must be settled before anything can be published (each a sentence). */
function blockers() {
  const found = [];
  const noRepository = publicPackages()
    .filter((p) => p.json.repository === undefined)
    .map((p) => p.json.name);
  if (noRepository.length > 0)
    found.push(`no "repository" in ${noRepository.join(', ')}: npm provenance checks the source repository against it`);
  const { access } = JSON.parse(readFileSync(join(root, '.changeset', 'config.json'), 'utf8'));
  if (access !== 'public')
    found.push(
      `.changeset/config.json has "access": "${access}": scoped packages then publish as private (a paid npm org); "public" for an open-source release`,
    );
  return found;
}

const releases = pendingReleases();
console.log(
  releases.length === 0
    ? 'no pending changesets: nothing to release'
    : `pending releases:\n${releases.map((r) => `  ${r.name} ${r.oldVersion} -> ${r.newVersion} (${r.type})`).join('\n')}`,
);
const blocking = blockers();
if (blocking.length > 0) console.log(`before the first release:\n${blocking.map((b) => `  - ${b}`).join('\n')}`);
if (plan) process.exit(0);

if (releases.length === 0) process.exit(0);
if (blocking.length > 0) {
  console.error('release stopped: settle the points above first (RELEASING.md)');
  process.exit(1);
}
if (out('git', ['status', '--porcelain']) !== '') {
  console.error('release stopped: the working tree is not clean (the release commit must hold only the release)');
  process.exit(1);
}
sh('pnpm', ['version-packages']); // changeset version, then every VERSION constant (sync-versions)
sh('pnpm', ['install', '--frozen-lockfile']);
sh('pnpm', ['turbo', 'run', 'build', 'typecheck', 'lint', 'test', '--output-logs=errors-only']);
sh('pnpm', ['check:packages']); // packs, installs, type-checks, imports, publish dry run
sh('git', ['add', '-A']);
sh('git', ['commit', '-m', `release: ${releases.map((r) => `${r.name}@${r.newVersion}`).join(', ')}`]);
// changesets runs `pnpm publish` for every package whose version is not on the registry yet, then
// tags them; npm reads NPM_CONFIG_PROVENANCE (changesets has no provenance flag of its own).
sh('pnpm', ['changeset', 'publish'], { NPM_CONFIG_PROVENANCE: 'true' });
console.log('published. Push the release commit and its tags: git push && git push --tags');
