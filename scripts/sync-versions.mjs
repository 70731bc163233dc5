// Keeps each package's exported VERSION (src/version.ts) equal to its package.json version.
// `changeset version` bumps package.json only, so `pnpm version-packages` runs this right after it.
// With --check (CI), nothing is written and a mismatch exits 1.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const check = process.argv.includes('--check');
const stale = [];
for (const dir of readdirSync('packages')) {
  const file = join('packages', dir, 'src', 'version.ts');
  if (!existsSync(file)) continue;
  const { version } = JSON.parse(readFileSync(join('packages', dir, 'package.json'), 'utf8'));
  const source = readFileSync(file, 'utf8');
  const updated = source.replace(/export const VERSION = '[^']*';/, `export const VERSION = '${version}';`);
  if (updated === source) continue;
  stale.push(`${file} -> ${version}`);
  if (!check) writeFileSync(file, updated);
}
if (stale.length > 0) console.log(`${check ? 'stale' : 'updated'}: ${stale.join(', ')}`);
if (check && stale.length > 0) process.exit(1);
