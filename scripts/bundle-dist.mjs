#!/usr/bin/env node
// Bundles a package's JavaScript: one file per entry of its package.json (`exports` and `bin`),
// code shared by several entries in `dist/chunks/`, every other package (and node:*) left as an
// import. Run from the package's directory after `tsc -b`, which emits only the declarations.
//
// Why: Node pays about 0.6 ms per module it loads, and `import('@atlas/runpod')` used to load 110
// of Atlas's own small files (bench figure 5: 2.4x the import of ky alone; about 1.4x bundled). The
// sources stay one concept per file; only what ships is joined. Every entry of a package is bundled
// in one pass, so the entries share one copy of each module (one AtlasError class, one secret
// registry) through the chunks.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { rolldown } from 'rolldown';

const root = process.cwd();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** `./dist/provider/index.js` -> `provider/index`, for every JavaScript file the package exposes. */
function entryNames() {
  const targets = [];
  const visit = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value !== null && typeof value === 'object') for (const inner of Object.values(value)) visit(inner);
  };
  visit(pkg.exports ?? {});
  visit(typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : (pkg.bin ?? {}));
  const names = new Set();
  for (const target of targets) {
    const match = /^\.\/dist\/(.+)\.js$/.exec(target);
    if (match !== null) names.add(match[1]);
  }
  return [...names];
}

/** Removes the JavaScript of an earlier build (declarations stay: tsc owns them). */
function cleanJs(dir) {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) cleanJs(path);
    else if (/\.js(\.map)?$/.test(name)) rmSync(path);
  }
}

const input = {};
for (const name of entryNames()) {
  const source = join(root, 'src', `${name}.ts`);
  if (!existsSync(source))
    throw new Error(`${pkg.name}: entry dist/${name}.js has no source ${relative(root, source)}`);
  input[name] = source;
}
if (Object.keys(input).length === 0) throw new Error(`${pkg.name}: no ./dist/*.js entry in package.json`);

const dist = join(root, 'dist');
cleanJs(dist);
const bundle = await rolldown({
  input,
  platform: 'node',
  // Bare specifiers (dependencies, other Atlas packages, node:*) stay imports: only this package's files are joined.
  // The transformer's own helpers (tagged templates whose text it escapes) are joined too: a
  // package must not import what it does not declare.
  external: (id) => !id.startsWith('.') && !isAbsolute(id) && !id.startsWith('@oxc-project/runtime/'),
  logLevel: 'warn',
});
await bundle.write({
  dir: dist,
  format: 'esm',
  sourcemap: true,
  // The maps point at the files in `src`, which the tarball ships: no second copy inside each map.
  sourcemapExcludeSources: true,
  entryFileNames: '[name].js',
  chunkFileNames: 'chunks/shared-[hash].js',
});
await bundle.close();
