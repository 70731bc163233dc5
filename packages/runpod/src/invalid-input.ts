import { AtlasError, type AtlasIssue } from '@atlas/core';
import { PROVIDER_ID } from './settings.js';

/** Throws AtlasError `validation` naming every issue, in the form core's own validation uses; nothing when there are none. */
export function assertNoIssues(what: string, issues: readonly AtlasIssue[]): void {
  if (issues.length === 0) return;
  throw new AtlasError({
    kind: 'validation',
    provider: PROVIDER_ID,
    message: `Invalid ${what}: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    issues: [...issues],
  });
}
