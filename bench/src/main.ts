/**
 * `pnpm bench`: every figure of issue 7, each a ratio against a baseline measured in the same run.
 * Prints a Markdown table and writes bench/results.json. `--smoke` runs every figure with tiny
 * counts (for CI): it checks only that each produced finite numbers, never a time, and writes
 * bench/results.local.json (git-ignored) so the committed full results stay as they are.
 * `--only=1,4` runs some figures (while working on one).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type BenchConfig, FULL, SMOKE } from './config.js';
import { burst } from './figures/burst.js';
import { callOverhead } from './figures/call-overhead.js';
import { footprint } from './figures/footprint.js';
import { importCost } from './figures/import-cost.js';
import { memory } from './figures/memory.js';
import { normalization } from './figures/normalization.js';
import { placement } from './figures/placement.js';
import { readiness } from './figures/readiness.js';
import { serverless } from './figures/serverless.js';
import { stores } from './figures/stores.js';
import { describeMachine } from './machine.js';
import type { FigureResult, Row, Skipped } from './row.js';
import { renderNotes, renderTable } from './table.js';

const FIGURES: readonly [string, string, (config: BenchConfig) => Promise<FigureResult>][] = [
  ['1', 'call overhead', callOverhead],
  ['2', 'serverless vs runpod-sdk', serverless],
  ['3', 'normalization', normalization],
  ['4', 'rate-limited burst', burst],
  ['5', 'import cost', importCost],
  ['5', 'footprint', footprint],
  ['6', 'memory', memory],
  ['8', 'readiness lag', readiness],
  ['9', 'placement', placement],
  ['10', 'durable stores', stores],
];

const args = process.argv.slice(2);
const smoke = args.includes('--smoke');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const config = smoke ? SMOKE : FULL;
const machine = describeMachine();
const startedAt = new Date();
console.log(
  `atlas bench (${smoke ? 'smoke' : 'full'}): ${machine.nproc} cores, ${machine.cpu}, Node ${machine.node}, load ${machine.loadAverage.toFixed(2)}`,
);

const rows: Row[] = [];
const skipped: Skipped[] = [];
const errors: string[] = [];
for (const [figure, name, run] of FIGURES) {
  if (only !== undefined && !only.includes(figure)) continue;
  const t = performance.now();
  try {
    const result = await run(config);
    rows.push(...result.rows);
    skipped.push(...(result.skipped ?? []));
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    errors.push(`figure ${figure} (${name}): ${message}`);
    skipped.push({ figure, metric: name, reason: `failed: ${error instanceof Error ? error.message : String(error)}` });
  }
  console.log(`  figure ${figure} ${name}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
}

const seconds = (Date.now() - startedAt.getTime()) / 1000;
console.log(`\n${renderTable(rows, skipped)}\n\n${renderNotes(rows)}\n`);
const out = fileURLToPath(new URL(smoke ? '../results.local.json' : '../results.json', import.meta.url));
writeFileSync(
  out,
  `${JSON.stringify({ startedAt: startedAt.toISOString(), seconds, mode: smoke ? 'smoke' : 'full', machine, config, rows, skipped }, null, 2)}\n`,
);
console.log(`wrote ${out} (${seconds.toFixed(0)} s)`);

const broken = rows.filter((row) => ![row.atlas, row.baseline, row.ratio].every(Number.isFinite));
for (const row of broken) errors.push(`figure ${row.figure} ${row.metric}: not a finite number`);
if (errors.length > 0) {
  console.error(errors.join('\n'));
  process.exit(1);
}
// Results, not assertions: a missed target is reported in the table, never a failure here.
process.exit(0);
