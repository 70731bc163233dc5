import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Build-order safety: turbo runs `test` after this package's `build`, but `vitest run` by hand
 * might not. `tsc -b` is incremental, so after a build it only checks and returns.
 */
export default function setup(): void {
  const require = createRequire(join(packageDir, 'package.json'));
  const tsc = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  try {
    execFileSync(process.execPath, [tsc, '-b', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'inherit' });
  } catch {
    // A type error elsewhere still emits; the check below decides whether there is a CLI to test.
  }
  if (!existsSync(join(packageDir, 'dist', 'bin.js')))
    throw new Error('dist/bin.js is missing: run `pnpm --filter @atlas/cli... build` first.');
}
