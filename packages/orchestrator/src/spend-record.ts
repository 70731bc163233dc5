/**
 * What one ended session cost, as the store keeps it (plain JSON; times in ms since the epoch). The
 * budgets add these up, so spend survives the sessions it belongs to and a restart of the process.
 */
export interface SpendRecord {
  readonly ownerId: string;
  readonly userId?: string;
  readonly sessionId: string;
  /** The provider the machine ran on. */
  readonly provider: string;
  /** What it cost from `from` to `to`, in USD (1/10,000 of a dollar). */
  readonly usd: number;
  /** When the machine started billing: when its create returned. */
  readonly from: number;
  /** When the session ended: its machine terminated, found gone, or given up on. */
  readonly to: number;
}

/** Which spend records: one owner's, optionally one user's, optionally only those that ended since an instant. */
export interface SpendQuery {
  readonly ownerId: string;
  readonly userId?: string;
  /** Only records with `to` at or after this instant (ms); the start of a month for a monthly budget. */
  readonly since?: number;
}
