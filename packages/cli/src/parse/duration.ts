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

/** `1.2s`, `850ms`, `2m05s` for humans. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
