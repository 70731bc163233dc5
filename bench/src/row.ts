/** One line of the table: a measured value for Atlas, the same measure for a baseline, their ratio. */
export interface Row {
  readonly figure: string;
  readonly metric: string;
  /** What `atlas` and `baseline` are measured in (ms, calls/s, bytes...). */
  readonly unit: string;
  readonly atlas: number;
  readonly baseline: number;
  /** What the baseline is, in a few words. */
  readonly baselineName: string;
  /** atlas / baseline. */
  readonly ratio: number;
  /** Human form of the target, e.g. "<= 1.10x"; absent when the row is context only. */
  readonly target?: string;
  readonly met?: boolean;
  readonly note?: string;
}

/** A figure that could not be measured, and why (the table says so instead of a number). */
export interface Skipped {
  readonly figure: string;
  readonly metric: string;
  readonly reason: string;
}

export type FigureResult = { rows: Row[]; skipped?: Skipped[] };
