import type { AtlasIssue } from '@atlas/core';
import { assertNoIssues } from './option-issues.js';

export interface SpawnLimits {
  readonly idleTtlMs: number;
  readonly maxRuntimeMs: number;
  readonly userId?: string | undefined;
  readonly maxCostUsd?: number | undefined;
}

/** Session limits and the user id, checked before anything is stored or rented. */
export function validateSpawnLimits<T extends SpawnLimits>(limits: T): T {
  const issues: AtlasIssue[] = [];
  for (const key of ['idleTtlMs', 'maxRuntimeMs'] as const) {
    const value = limits[key];
    if (!Number.isSafeInteger(value) || value < 1)
      issues.push({ path: key, message: 'must be a positive integer (ms)' });
  }
  if (limits.maxCostUsd !== undefined && !(Number.isFinite(limits.maxCostUsd) && limits.maxCostUsd > 0)) {
    issues.push({ path: 'maxCostUsd', message: 'must be a positive number (USD)' });
  }
  if (limits.userId !== undefined && (typeof limits.userId !== 'string' || limits.userId.length === 0)) {
    issues.push({ path: 'userId', message: 'must be a non-empty string' });
  }
  assertNoIssues('Invalid session options', issues);
  return limits;
}
