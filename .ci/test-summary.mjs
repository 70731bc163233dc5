// Sums the vitest JSON reports of every package and example into the one line CI reads:
// "N passed, N failed, N skipped". Exits 1 when a test failed or when no test ran at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const root of ['packages', 'examples']) {
  if (!existsSync(root)) continue;
  for (const dir of readdirSync(root)) {
    const file = join(root, dir, 'test-results', 'vitest.json');
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, 'utf8'));
    reports++;
    passed += report.numPassedTests;
    failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
    skipped += report.numPendingTests + report.numTodoTests;
    if (!report.success && report.numFailedTests === 0) {
      console.error(`${file}: the run failed outside any test (a suite did not load?)`);
      failed++;
    }
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (reports === 0 || passed === 0 || failed > 0) process.exit(1);
