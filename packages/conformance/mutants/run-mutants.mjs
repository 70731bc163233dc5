// The mutation harness of @atlas/conformance (`pnpm --filter @atlas/conformance-mutants mutants`).
// Runs every mutant shard in one vitest process (src/*.mutants.ts; shards in parallel workers),
// then reads the JSON report: a mutant is killed when one of its tests fails that the unmutated
// control of the same target passed in the same run (so a kill is never a broken test or a flake
// of the setup), or that exists only because the mutant declares a capability the control lacks. Prints one line per mutant and a closing line; exits non-zero when a control
// fails, when fewer than 95% are killed, or when a mutant survives that survivors.json does not
// list (each listed survivor must be explained in docs/testing.md). The report goes to
// test-results/mutants.json, never to vitest.json: .ci/test-summary.mjs must not count the
// deliberate failures.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const report = join(here, 'test-results', 'mutants.json');
const MIN_KILL_RATE = 0.95;

mkdirSync(dirname(report), { recursive: true });
const started = Date.now();
try {
  execFileSync(
    process.execPath,
    [
      join(here, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      join(here, 'vitest.config.ts'),
      '--reporter=json',
      `--outputFile=${report}`,
    ],
    { cwd: here, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, FORCE_COLOR: '0' } },
  );
} catch {
  // Exit 1 is expected: the mutants fail on purpose. A missing report is the real error (below).
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);

let results;
try {
  results = JSON.parse(readFileSync(report, 'utf8'));
} catch (error) {
  console.error(`mutants: no report at ${report} (${error})`);
  process.exit(1);
}

/** Per describe title ('mutant mock/get-other-id', 'control mock'): its tests as "group > title". */
const runs = new Map();
for (const file of results.testResults) {
  for (const test of file.assertionResults) {
    const [top, , group] = test.ancestorTitles;
    const entry = runs.get(top) ?? [];
    entry.push({
      name: `${group ?? ''} > ${test.title}`,
      status: test.status,
      failure: test.failureMessages?.[0] ?? '',
      ms: test.duration ?? 0,
    });
    runs.set(top, entry);
  }
}

let failed = false;
const passedByControl = new Map();
const controlRan = new Map();
for (const [title, tests] of runs) {
  if (!title.startsWith('control ')) continue;
  const target = title.slice('control '.length);
  const bad = tests.filter((t) => t.status === 'failed');
  if (bad.length > 0) {
    failed = true;
    console.error(`control ${target}: ${bad.length} failing test(s), so no kill on ${target} can be trusted:`);
    for (const t of bad) console.error(`  ${t.name}\n    ${t.failure.split('\n')[0]}`);
  }
  passedByControl.set(target, new Set(tests.filter((t) => t.status === 'passed').map((t) => t.name)));
  controlRan.set(target, new Set(tests.map((t) => t.name)));
  // The whole suite against the unmutated provider, test by test (hooks aside): measured, never asserted.
  const seconds = (tests.reduce((sum, t) => sum + t.ms, 0) / 1000).toFixed(1);
  console.log(`control ${target}: ${tests.length} tests, ${seconds} s of test time`);
}

const documented = new Map(JSON.parse(readFileSync(join(here, 'survivors.json'), 'utf8')).map((s) => [s.id, s.why]));
const testingDoc = readFileSync(join(here, '../../../docs/testing.md'), 'utf8');
let tried = 0;
let killed = 0;
const survivors = [];
for (const [title, tests] of [...runs].sort(([a], [b]) => a.localeCompare(b))) {
  if (!title.startsWith('mutant ')) continue;
  const id = title.slice('mutant '.length);
  const target = id.split('/')[0];
  const control = passedByControl.get(target) ?? new Set();
  tried++;
  // A test the control also ran must have passed there; a test the control lacks exists only
  // because the mutant declares a capability the control does not (webhooks), so it counts too.
  const ranInControl = controlRan.get(target) ?? new Set();
  const kill = tests.find((t) => t.status === 'failed' && (control.has(t.name) || !ranInControl.has(t.name)));
  if (kill) {
    killed++;
    console.log(
      `killed   ${id}  by  ${kill.name}${control.has(kill.name) ? '' : ' (a test of a capability the control does not declare)'}`,
    );
  } else {
    survivors.push(id);
    console.log(`SURVIVED ${id}${documented.has(id) ? ' (documented)' : ''}`);
  }
}

const undocumented = survivors.filter((id) => !documented.has(id) || !testingDoc.includes(id));
for (const id of undocumented)
  console.error(`undocumented survivor: ${id} (list it in survivors.json and docs/testing.md, or kill it)`);
const rate = tried === 0 ? 0 : killed / tried;
console.log(
  `mutants: ${tried} tried, ${killed} killed (${(rate * 100).toFixed(1)}%), ${survivors.length} survived` +
    `${survivors.length === 0 ? '' : undocumented.length === 0 ? ' (all documented)' : ` (${undocumented.length} undocumented)`}; ${seconds} s`,
);
if (tried < 100) console.error(`mutants: only ${tried} mutants ran (at least 100 expected)`);
if (failed || rate < MIN_KILL_RATE || undocumented.length > 0 || tried < 100) process.exit(1);
