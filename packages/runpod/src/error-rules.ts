import type { ErrorRule } from '@atlas/core/provider';

/**
 * How RunPod's error bodies read, beyond core's DEFAULT_ERROR_RULES (which already know "There
 * are no longer any instances available" and the like). Rules look at the body's own fields
 * (RFC 9457 `title`/`detail`, the v1-era `error`, `code`), never at the finished message, which
 * also names the operation: an endpoint called `gpu-availability` does not make a 500 `capacity`.
 * Phrases, not words: "invalid capacity value: -1" and "template not available to this account"
 * stay what their status says.
 */
export const RUNPOD_ERROR_RULES: readonly ErrorRule[] = [
  // GraphQL's code for a stock-out (errors.md).
  { code: 'SUPPLY_CONSTRAINT', kind: 'capacity' },
  // v2 reports a stock-out only as a 400 whose detail says so (the spec: "capacity exhaustion
  // currently carries no machine-readable code"); older hosts answered 500.
  {
    status: [400, '5xx'],
    text: /\b(no instances currently available|not currently available in|does not have the resources to deploy)\b/i,
    kind: 'capacity',
  },
  // Older hosts answered 500 for an empty balance too.
  {
    status: '5xx',
    text: /\b(balance is too low|insufficient (balance|funds)|add funds)\b/i,
    kind: 'payment_required',
    retryable: false,
  },
];
