import type { AtlasIssue } from './atlas-error-options.js';

/** A non-blank string, trimmed. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Field problems from `errors` / `issues` / `violations` / FastAPI's `detail` list, as an array of
 * strings or `{message|detail|msg, path|field|pointer|loc}`, or as a map `{field: ["message"]}`.
 */
export function issuesFrom(errors: unknown): AtlasIssue[] {
  if (errors && typeof errors === 'object' && !Array.isArray(errors)) {
    return Object.entries(errors).flatMap(([path, value]): AtlasIssue[] => {
      const messages = Array.isArray(value) ? value : [value];
      return messages.flatMap((m) => {
        const message =
          str(m) ?? (m && typeof m === 'object' ? str((m as Record<string, unknown>).message) : undefined);
        return message === undefined ? [] : [{ path, message }];
      });
    });
  }
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry): AtlasIssue[] => {
    if (typeof entry === 'string') return [{ message: entry }];
    if (!entry || typeof entry !== 'object') return [];
    const e = entry as Record<string, unknown>;
    const message = str(e.message) ?? str(e.detail) ?? str(e.msg) ?? str(e.title) ?? str(e.reason);
    if (message === undefined) return [];
    const source = e.source && typeof e.source === 'object' ? (e.source as Record<string, unknown>).pointer : undefined;
    const rawPath = e.path ?? e.field ?? e.pointer ?? e.location ?? e.loc ?? source;
    const path = Array.isArray(rawPath) ? rawPath.join('.') : str(rawPath);
    return [{ ...(path === undefined ? {} : { path }), message }];
  });
}

/** Issues as one line: `path: message; message`. */
export function listIssues(issues: readonly AtlasIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}
