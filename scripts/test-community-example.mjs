// Proves that an outsider can write an Atlas provider from the published artifacts alone.
// Packs @atlas/core, @atlas/conformance and @atlas/mock with `pnpm pack` (which rewrites workspace: ranges),
// copies examples/community-provider (not a workspace package) to a scratch directory, installs
// it with npm against those tarballs plus the registry, then builds, type-checks and runs its
// tests (conformance suite included, and the app-testing examples of docs/testing.md on
// @atlas/mock). The vitest JSON report lands in
// examples/community-provider/test-results/vitest.json for .ci/test-summary.mjs.
// First it checks that every code block the docs quote from a file (marked `<!-- from: path -->`)
// is still verbatim in that file, so the guides show code that compiles and is tested.
// Run after the workspace build: `node scripts/test-community-example.mjs`. Exits non-zero on failure.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const example = join(root, 'examples', 'community-provider');
const report = join(example, 'test-results', 'vitest.json');
const packed = ['core', 'conformance', 'mock'];
const notCopied = new Set(['node_modules', 'dist', 'test-results', 'package-lock.json']);

const quotingDocs = ['docs/writing-a-provider.md', 'docs/testing.md'];

/** The quoted blocks that are no longer verbatim in their source file. */
function staleQuotes() {
  const stale = [];
  for (const doc of quotingDocs) {
    const text = readFileSync(join(root, doc), 'utf8');
    // A marker, a one-line caption, a blank line, then the fenced block.
    const quotes = [...text.matchAll(/<!-- from: (\S+) -->\n[^\n]*\n\n```[a-z]*\n([\s\S]*?)\n```/g)];
    const markers = text.split('<!-- from: ').length - 1;
    if (quotes.length !== markers)
      stale.push(`${doc}: ${markers - quotes.length} marker(s) not followed by caption and code block`);
    for (const [, source, block] of quotes) {
      if (!readFileSync(join(root, source), 'utf8').includes(block)) stale.push(`${doc} quotes ${source}`);
    }
  }
  return stale;
}

const run = (cmd, args, cwd) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });

const scratch = mkdtempSync(join(tmpdir(), 'atlas-community-example-'));
let failed = false;
try {
  const stale = staleQuotes();
  if (stale.length > 0) throw new Error(`docs quote code that is no longer in its file:\n  ${stale.join('\n  ')}`);

  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs);
  for (const dir of packed) {
    execFileSync('pnpm', ['pack', '--pack-destination', tarballs], {
      cwd: join(root, 'packages', dir),
      stdio: 'ignore',
    });
  }
  const files = readdirSync(tarballs);

  const app = join(scratch, 'atlas-provider-acme');
  cpSync(example, app, { recursive: true, filter: (src) => !notCopied.has(basename(src)) });

  // The example depends on the @atlas packages by version, as it would on the registry; before
  // they are published, point those dev dependencies at the tarballs.
  const manifestPath = join(app, 'package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  for (const dir of packed) {
    const name = `@atlas/${dir}`;
    const tarball = files.find((f) => f.startsWith(`atlas-${dir}-`));
    if (tarball === undefined) throw new Error(`pnpm pack produced no tarball for ${name}`);
    manifest.devDependencies[name] = `file:${join(tarballs, tarball)}`;
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);

  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], app);
  run('npm', ['run', '--silent', 'build'], app);
  run('npm', ['run', '--silent', 'typecheck'], app);

  rmSync(report, { force: true });
  mkdirSync(join(example, 'test-results'), { recursive: true });
  run(
    join(app, 'node_modules', '.bin', 'vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    app,
  );
  console.log(
    'community provider example: built, type-checked and tested against the packed @atlas/core, @atlas/conformance and @atlas/mock',
  );
} catch (error) {
  failed = true;
  console.error(`community provider example failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
