import type { Row, Skipped } from './row.js';

/** Three significant figures, no exponent, thousands kept readable. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString('en-US');
  if (abs === 0) return '0';
  return Number(value.toPrecision(3)).toString();
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** The results as a Markdown table (what `pnpm bench` prints and docs/performance.md quotes). */
export function renderTable(rows: readonly Row[], skipped: readonly Skipped[]): string {
  const lines = [
    '| # | metric | unit | atlas | baseline | vs | ratio | target | met? |',
    '|---|---|---|---:|---:|---|---:|---|---|',
  ];
  for (const row of rows) {
    const met = row.met === undefined ? '' : row.met ? 'yes' : '**NO**';
    lines.push(
      `| ${row.figure} | ${cell(row.metric)} | ${row.unit} | ${formatNumber(row.atlas)} | ${formatNumber(row.baseline)} | ${cell(row.baselineName)} | ${row.ratio.toFixed(2)}x | ${row.target ?? ''} | ${met} |`,
    );
  }
  for (const skip of skipped) {
    lines.push(`| ${skip.figure} | ${cell(skip.metric)} | | n/a | n/a | | | | not measured: ${cell(skip.reason)} |`);
  }
  return lines.join('\n');
}

/** Row notes, one line each, below the table. */
export function renderNotes(rows: readonly Row[]): string {
  return rows
    .filter((row) => row.note !== undefined)
    .map((row) => `- ${row.figure} ${row.metric}: ${row.note}`)
    .join('\n');
}
