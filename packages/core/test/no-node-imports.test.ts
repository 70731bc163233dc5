import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * @atlas/core promises to run on Node, Bun, Deno and edge runtimes, so its built output may import
 * only web-standard APIs and its declared dependencies. Checks the real build output (turbo's test
 * task depends on build), found relative to this file so the working directory does not matter.
 */
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = join(packageDir, 'dist');
const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
};
const allowedPackages = new Set(Object.keys(manifest.dependencies ?? {}));
const builtins = new Set(builtinModules.flatMap((name) => [name, name.replace(/^node:/, '')]));

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return /\.(m|c)?js$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier: static imports and re-exports, side-effect imports, import(), require(). */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\1/g;

function violations(source: string): string[] {
  const found: string[] = [];
  if (/\brequire\s*\(/.test(source)) found.push('require(');
  for (const match of source.matchAll(SPECIFIER)) {
    const specifier = match[2] ?? '';
    if (specifier.startsWith('.')) continue;
    const root = specifier.startsWith('@')
      ? specifier.split('/').slice(0, 2).join('/')
      : (specifier.split('/')[0] ?? '');
    if (specifier.startsWith('node:') || builtins.has(specifier) || builtins.has(root))
      found.push(`builtin '${specifier}'`);
    else if (!allowedPackages.has(root)) found.push(`undeclared package '${specifier}'`);
  }
  return found;
}

describe('built @atlas/core', () => {
  it('the scanner catches what it must', () => {
    expect(violations(`import { readFileSync } from 'node:fs';`)).toEqual(["builtin 'node:fs'"]);
    expect(violations(`import fs from "fs";`)).toEqual(["builtin 'fs'"]);
    expect(violations(`export * from 'fs/promises';`)).toEqual(["builtin 'fs/promises'"]);
    expect(violations(`const c = await import('node:crypto');`)).toEqual(["builtin 'node:crypto'"]);
    expect(violations(`const c = require('crypto');`)).toEqual(['require(', "builtin 'crypto'"]);
    expect(violations(`import 'left-pad';`)).toEqual(["undeclared package 'left-pad'"]);
    expect(violations(`import ky from 'ky'; import * as v from 'valibot'; import { x } from './x.js';`)).toEqual([]);
  });

  it('exists: build before testing', () => {
    expect(existsSync(join(distDir, 'index.js')), `${distDir}/index.js is missing; run the build first`).toBe(true);
  });

  it('imports no node: module, no Node builtin, no require() and no undeclared package', () => {
    const files = existsSync(distDir) ? jsFiles(distDir) : [];
    // The build bundles each entry (scripts/bundle-dist.mjs): the three entries, and the chunks they share.
    const names = files.map((file) => relative(distDir, file));
    expect(names).toEqual(
      expect.arrayContaining(['index.js', join('provider', 'index.js'), join('testing', 'index.js')]),
    );
    const problems = files.flatMap((file) =>
      violations(readFileSync(file, 'utf8')).map((v) => `${relative(packageDir, file)}: ${v}`),
    );
    expect(problems).toEqual([]);
  });
});
