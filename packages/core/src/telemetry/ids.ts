/**
 * Ids that tie telemetry events together (a request's attempts, a call's start and end). A counter
 * per process, with a prefix per kind: unique, cheap, and never derived from anything secret.
 */
let last = 0;

export function nextTelemetryId(prefix: 'req' | 'call'): string {
  last = (last + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}-${last.toString(36)}`;
}
