import { UsageError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `10m`, `30s`, `1h30m`, `500ms`; a bare number means seconds. */
export function parseDuration(flag: string, text: string): number {
  const trimmed = text.trim();
  // A bare number means seconds: read it as `<n>s`, so it gets the same checks as every other form.
  const withUnit = /^\d+(\.\d+)?$/.test(trimmed) ? `${trimmed}s` : trimmed;
  const parts = [...withUnit.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  const consumed = parts.map((p) => p[0]).join('');
  if (parts.length === 0 || consumed !== withUnit) {
    throw new UsageError(`${flag} "${text}" is not a duration: use a number with a unit, e.g. 30s, 10m, 1h or 1h30m.`);
  }
  const ms = Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * (UNIT_MS[p[2] ?? 's'] ?? 1000), 0));
  if (ms <= 0) throw new UsageError(`${flag} "${text}" must be longer than zero.`);
  return ms;
}

/**
 * `850ms`, `1.2s`, `2m05s`, `1h00m00s` for humans. Each unit rounds at its own precision first and
 * the unit is chosen from the rounded value, so 59,990 ms is `1m00s` (not `60.0s`) and 119,600 ms
 * is `2m00s` (not `1m60s`).
 */
export function formatDuration(ms: number): string {
  if (Math.round(ms) < 1000) return `${Math.round(ms)}ms`;
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  const minutes = `${pad(Math.floor(seconds / 60) % 60)}m${pad(seconds % 60)}s`;
  if (seconds < 3600) return minutes.replace(/^0/, '');
  return `${Math.floor(seconds / 3600)}h${minutes}`;
}
