// Type-checks every ```ts block of README.md, docs/*.md and packages/*/README.md under the repo's strict
// compiler settings, against the built packages (run it after the build: `node scripts/check-doc-blocks.mjs`).
//
// - Each block is its own module (top-level await works), so two blocks of a page may both declare `pod`.
// - A page may declare what its blocks take for granted (the `atlas` built in its first block, an app's
//   `log`) in one hidden comment; the text is a global declaration file for every block of that page:
//     <!-- doc-check globals
//     declare const atlas: import('@atlas/core').Atlas<'runpod' | 'mock'>;
//     -->
// - A block quoted from a source file (`<!-- from: path -->`, see scripts/test-community-example.mjs) is
//   skipped: the file itself is compiled and tested, and that script checks the quote is verbatim.
// - A block that is deliberately partial says so right before it: `<!-- not-checked: reason -->`.
// Exits non-zero listing every error as `file:line: message`.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const scratch = join(root, 'node_modules', '.cache', 'atlas-doc-blocks');

const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(root, 'packages'))
    .map((dir) => `packages/${dir}/README.md`)
    .filter((f) => existsSync(join(root, f))),
];

/** The ```ts blocks of a page, with the 1-based line of their opening fence and what precedes them. */
function blocksOf(text) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```ts\s*$/.test(lines[i])) continue;
    const end = lines.findIndex((line, j) => j > i && /^```\s*$/.test(line));
    if (end === -1) throw new Error(`unclosed \`\`\`ts block at line ${i + 1}`);
    // The three lines before the fence hold a marker: `<!-- from -->`, a caption and a blank line, or a
    // `<!-- not-checked -->` with at most a blank line between.
    const before = lines.slice(Math.max(0, i - 3), i).join('\n');
    blocks.push({ line: i + 1, code: lines.slice(i + 1, end).join('\n'), before });
    i = end;
  }
  return blocks;
}

const slug = (page) => page.replaceAll(/[^A-Za-z0-9]+/g, '-').replace(/-md$/, '');

function prepare() {
  rmSync(scratch, { recursive: true, force: true });
  mkdirSync(join(scratch, 'node_modules', '@atlas'), { recursive: true });
  // The workspace packages as an app installs them: resolved through their package.json exports.
  for (const dir of readdirSync(join(root, 'packages'))) {
    const manifest = join(root, 'packages', dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const { name } = JSON.parse(readFileSync(manifest, 'utf8'));
    if (name?.startsWith('@atlas/'))
      symlinkSync(join(root, 'packages', dir), join(scratch, 'node_modules', name), 'dir');
  }
}

const files = [];
const skipped = [];
/** Block files by name, to map a compiler error back to its page and line. */
const origin = new Map();
prepare();
for (const page of pages) {
  const text = readFileSync(join(root, page), 'utf8');
  const globals = /<!-- doc-check globals\n([\s\S]*?)\n-->/.exec(text)?.[1];
  if (globals !== undefined) {
    const name = `${slug(page)}.globals.d.ts`;
    writeFileSync(join(scratch, name), `${globals}\n`);
    origin.set(name, { page, line: text.slice(0, text.indexOf('<!-- doc-check globals')).split('\n').length });
  }
  blocksOf(text).forEach((block, index) => {
    if (/<!-- from: /.test(block.before)) return;
    const notChecked = /<!-- not-checked: ?(.*?) ?-->\s*$/.exec(block.before);
    if (notChecked !== null) {
      if (notChecked[1].trim() === '') throw new Error(`${page}:${block.line}: not-checked needs a reason`);
      skipped.push(`${page}:${block.line} (${notChecked[1]})`);
      return;
    }
    const name = `${slug(page)}.${index + 1}.ts`;
    // `export {}` makes the block a module even without an import: its names stay its own, and it may await.
    writeFileSync(join(scratch, name), `${block.code}\nexport {};\n`);
    origin.set(name, { page, line: block.line });
    files.push(name);
  });
}

const base = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8'));
writeFileSync(
  join(scratch, 'tsconfig.json'),
  JSON.stringify({
    compilerOptions: {
      ...base.compilerOptions,
      // `strict`, as in an app's own project; the repo's extra index and optional-property checks
      // would make examples spell out `?? ''` where a reader's project would not ask for it.
      noUncheckedIndexedAccess: false,
      exactOptionalPropertyTypes: false,
      noEmit: true,
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      // Examples name things they do not use (`const done = ...` to show a result's type).
      noUnusedLocals: false,
      typeRoots: [join(root, 'node_modules', '@types')],
    },
    include: ['*.ts'],
  }),
);

let output = '';
try {
  execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(scratch, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: scratch,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
} catch (error) {
  output = `${error.stdout ?? ''}${error.stderr ?? ''}`;
}

// `page.3.ts(4,7): error TS2304: ...` -> `docs/page.md:57: error TS2304: ...` (the block's line + 4).
const errors = output
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => {
    const match = /^(?:.*[/\\])?([^/\\(]+)\((\d+),\d+\): (.*)$/.exec(line);
    const at = match === null ? undefined : origin.get(match[1]);
    if (match === null || at === undefined) return line;
    return `${at.page}:${at.line + Number(match[2])}: ${match[3]}`;
  });

const where = relative(root, scratch);
if (errors.length > 0) {
  console.error(`Doc blocks that do not compile (${files.length} blocks checked; the files are in ${where}):`);
  for (const error of errors) console.error(`  ${error}`);
  process.exit(1);
}
console.log(
  `doc blocks: ${files.length} \`\`\`ts blocks type-check (strict); ${skipped.length} marked not-checked${
    skipped.length === 0 ? '' : `: ${skipped.join(', ')}`
  }`,
);
