import { AtlasError, type AtlasIssue } from '@atlas/core';

/** One `validation` error naming every bad field (`<what>: path: problem; ...`), or nothing when all are fine. */
export function assertNoIssues(what: string, issues: readonly AtlasIssue[]): void {
  if (issues.length === 0) return;
  throw new AtlasError({
    kind: 'validation',
    message: `${what}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  });
}
