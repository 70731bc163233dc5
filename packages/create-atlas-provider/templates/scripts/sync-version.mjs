// `changeset version` bumps package.json only; this keeps the exported VERSION in src/index.ts equal to it.
import { readFileSync, writeFileSync } from 'node:fs';

const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const file = 'src/index.ts';
const source = readFileSync(file, 'utf8');
writeFileSync(file, source.replace(/export const VERSION = '[^']*';/, `export const VERSION = '${version}';`));
