import type { Session } from '@atlas/orchestrator';

/**
 * Session fields other helpers are adding to `@atlas/orchestrator` (placement, price, billing
 * start, budget). Read as optional, so the dashboard works with orchestrators from before and
 * after they exist, and with stored records written before them.
 */
export interface PlacementAttemptFields {
  readonly provider?: unknown;
  readonly region?: unknown;
  readonly pricePerHour?: unknown;
  readonly outcome?: unknown;
  readonly errorKind?: unknown;
  readonly message?: unknown;
  readonly durationMs?: unknown;
}

export interface SessionExtraFields {
  readonly placement?: {
    readonly offer?: { readonly provider?: unknown; readonly region?: unknown; readonly pricePerHour?: unknown };
    readonly attempts?: readonly PlacementAttemptFields[];
  };
  readonly pricePerHour?: number;
  readonly billedFrom?: number;
  readonly maxCostUsd?: number;
}

export function extraFields(session: Session): SessionExtraFields {
  return session as SessionExtraFields;
}

export const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
