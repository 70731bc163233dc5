import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Reporter, TestModule } from 'vitest/node';
import { type Results, TALLY_EXEMPT } from './results.js';

export const RESULTS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'results.json');

/**
 * Counts the cases of each group (a test file is a group) that were tried and that held, prints
 * them as the run's closing line and writes them to results.json, which docs/reliability.md
 * quotes. Figures a case measured (spawns created vs reported, ...) travel in its `meta.figures`.
 * Groups that did not run this time keep their previous counts.
 */
export default class TallyReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const previous: Results = existsSync(RESULTS_FILE)
      ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Results)
      : { groups: {}, figures: {} };
    const groups = { ...previous.groups };
    const figures = { ...previous.figures };
    for (const module of modules) {
      const group = basename(module.moduleId).replace(/\.test\.ts$/, '');
      if (TALLY_EXEMPT.has(group)) continue;
      let tried = 0;
      let held = 0;
      let partial = false;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'skipped' || state === 'pending') {
          partial = true;
          continue;
        }
        tried++;
        if (state === 'passed') held++;
        const measured = (test.meta() as { figures?: Record<string, unknown> }).figures;
        if (measured !== undefined && state === 'passed') figures[group] = measured;
      }
      // A filtered run (-t) tried part of the group: its counts would be wrong, keep the last full ones.
      if (!partial) groups[group] = { tried, held };
    }
    const sorted: Results = {
      groups: Object.fromEntries(Object.entries(groups).sort(([a], [b]) => a.localeCompare(b))),
      figures: Object.fromEntries(Object.entries(figures).sort(([a], [b]) => a.localeCompare(b))),
    };
    writeFileSync(RESULTS_FILE, `${JSON.stringify(sorted, null, 2)}\n`);
    const line = Object.entries(sorted.groups)
      .map(([group, { tried, held }]) => `${group} ${held}/${tried}`)
      .join(', ');
    const total = Object.values(sorted.groups).reduce(
      (sum, g) => ({ tried: sum.tried + g.tried, held: sum.held + g.held }),
      {
        tried: 0,
        held: 0,
      },
    );
    console.log(`\nadversarial (held/tried): ${line}; total ${total.held}/${total.tried}`);
  }
}
