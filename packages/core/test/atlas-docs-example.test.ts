import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

/**
 * docs/getting-started.md promises that its example runs as written. Run the block in real Node
 * (which strips the types) against the built package, and compare with the output the page shows.
 */
const packageDir = fileURLToPath(new URL('..', import.meta.url));
const page = readFileSync(join(packageDir, '../../docs/getting-started.md'), 'utf8');

function blockAfter(marker: string, fence: string): string {
  const start = page.indexOf(marker);
  if (start === -1) throw new Error(`no "${marker}" in getting-started.md`);
  const open = page.indexOf(fence, start);
  const body = page.indexOf('\n', open) + 1;
  return page.slice(body, page.indexOf('\n```', body));
}

it('the getting-started example runs and prints what the page says', () => {
  const code = blockAfter('<!-- example: getting-started', '```ts');
  const expected = blockAfter('It prints:', '```');
  const dir = join(packageDir, 'test-results', 'docs-example');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'getting-started.ts');
  const dist = pathToFileURL(join(packageDir, 'dist', 'index.js')).href;
  writeFileSync(file, code.replace(/from '@atlas\/core'/g, `from '${dist}'`));
  const output = execFileSync(process.execPath, [file], { encoding: 'utf8' });
  expect(output.trim()).toBe(expected.trim());
});
