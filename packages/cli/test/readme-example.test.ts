import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

/**
 * The README's Quick start promises a first example that runs with no account and no key. Run that
 * block as written in real Node (which strips the types), against the built packages, and compare
 * with the line the README says it prints. The file sits inside this package, so `@atlas/*` resolve
 * through its node_modules exactly as in an app.
 */
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(join(packageDir, '../../README.md'), 'utf8');

function firstExample(): { code: string; prints: string } {
  const marker = readme.indexOf('<!-- example: readme-quick-start');
  if (marker === -1) throw new Error('no "<!-- example: readme-quick-start" in README.md');
  const open = readme.indexOf('```ts\n', marker) + '```ts\n'.length;
  const close = readme.indexOf('\n```', open);
  const prints = /It prints `([^`]+)`/.exec(readme.slice(close))?.[1];
  if (prints === undefined) throw new Error('README.md: no "It prints `...`" after the quick start example');
  return { code: readme.slice(open, close), prints };
}

it('the README quick start runs without a key and prints what the README says', () => {
  const { code, prints } = firstExample();
  const dir = join(packageDir, 'test-results', 'readme-example');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'quick-start.ts');
  writeFileSync(file, code);
  // No RUNPOD_API_KEY (nor any other key) in its environment: the example must not need one.
  const output = execFileSync(process.execPath, [file], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: dir },
  });
  const escaped = prints.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('<pod id>', '[a-z0-9]+');
  expect(output.trim()).toMatch(new RegExp(`^${escaped}$`));
});
