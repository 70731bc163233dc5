import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import type { Results } from './helpers/results.js';

/**
 * docs/reliability.md quotes the suite's counts; results.json holds what the last full run
 * measured (the tally reporter writes it). They must agree, so the document stays true: when a
 * case is added, the run updates results.json and this test asks for the table to follow.
 */

const here = dirname(fileURLToPath(import.meta.url));
const RESULTS = join(here, '..', 'results.json');
const DOC = join(here, '..', '..', '..', 'docs', 'reliability.md');

function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}`);
  if (start < 0) throw new Error(`docs/reliability.md has no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 3);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** Rows `| \`group\` | ... | tried | held |` of the suite's table. */
function tableCounts(text: string): Record<string, { tried: number; held: number }> {
  const rows: Record<string, { tried: number; held: number }> = {};
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const group = /^`([\w-]+)`$/.exec(cells[1] ?? '')?.[1];
    if (group === undefined) continue;
    rows[group] = { tried: Number(cells.at(-3)), held: Number(cells.at(-2)) };
  }
  return rows;
}

it("docs/reliability.md's table of counts equals results.json", () => {
  expect(existsSync(RESULTS), 'results.json (run the suite once)').toBe(true);
  const results = JSON.parse(readFileSync(RESULTS, 'utf8')) as Results;
  const suite = section(readFileSync(DOC, 'utf8'), 'The adversarial suite');
  expect(tableCounts(suite)).toEqual(results.groups);
  section(readFileSync(DOC, 'utf8'), 'What Atlas promises');
});

it('docs/reliability.md quotes the concurrent-spawn run as results.json recorded it', () => {
  const results = JSON.parse(readFileSync(RESULTS, 'utf8')) as Results;
  const figures = results.figures['concurrent-spawns'] as Record<string, number> | undefined;
  expect(figures, 'figures of concurrent-spawns').toBeDefined();
  const suite = section(readFileSync(DOC, 'utf8'), 'The adversarial suite');
  // The parts that do not depend on timing: the setup and the invariant.
  for (const [label, key] of [
    ['spawns', 'spawns'],
    ['concurrency', 'concurrency'],
    ['seed', 'seed'],
    ['unannounced machines', 'unannounced'],
    ['duplicate machines', 'duplicates'],
  ] as const) {
    expect(suite, label).toContain(`${label}: ${figures?.[key]}`);
  }
});
