// Sums the vitest JSON reports of every package, example and the bench into the one line CI reads:
// "N passed, N failed, N skipped". Exits 1 when a test failed, when a package that has tests left
// no report (its runner crashed), or when no test ran at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dirs = ['packages', 'examples']
  .filter((root) => existsSync(root))
  .flatMap((root) => readdirSync(root).map((dir) => join(root, dir)))
  .concat(['bench'])
  .filter((dir) => existsSync(join(dir, 'package.json')));

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const dir of dirs) {
  const file = join(dir, 'test-results', 'vitest.json');
  if (!existsSync(file)) {
    const { scripts = {} } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (scripts.test) {
      console.error(`${dir}: has a test script but left no report (${file})`);
      failed++;
    }
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  reports++;
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
  if (!report.success && report.numFailedTests === 0) {
    console.error(`${file}: the run failed outside any test (a suite did not load?)`);
    failed++;
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (reports === 0 || passed === 0 || failed > 0) process.exit(1);
