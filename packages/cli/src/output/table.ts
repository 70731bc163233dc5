import Table from 'cli-table3';
import type { Colors } from './colors.js';

/** A table with a bold header on a terminal and plain text otherwise (stable for snapshots). */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  color: Colors,
  /** Column widths; `null` sizes a column to its content, a number wraps it at word boundaries. */
  widths?: readonly (number | null)[],
): string {
  const table = new Table({
    head: head.map((h) => color.bold(h)),
    style: { head: [], border: [], compact: true },
    ...(widths === undefined ? {} : { colWidths: [...widths], wordWrap: true }),
  });
  for (const row of rows) table.push([...row]);
  return table.toString();
}

/** `key  value` lines with aligned values, for one object (a compute, a job). */
export function renderFields(fields: readonly (readonly [string, string | undefined])[], color: Colors): string {
  const shown = fields.filter((f): f is readonly [string, string] => f[1] !== undefined && f[1] !== '');
  const width = Math.max(...shown.map(([k]) => k.length));
  // Multi-line values (several ports) continue under the first line's value column.
  const indent = ' '.repeat(width + 2);
  return shown.map(([k, v]) => `${color.dim(k.padEnd(width))}  ${v.split('\n').join(`\n${indent}`)}`).join('\n');
}
