import type { Session } from '@atlas/orchestrator';
import { sessionPricePerHour, sessionSpend } from './spend.js';

export type SortDirection = 'ascending' | 'descending';

interface Column {
  /** The direction a first click sorts in: what an operator looks for first. */
  readonly natural: SortDirection;
  readonly value: (session: Session, now: number) => number | string | undefined;
  readonly describe: Readonly<Record<SortDirection, string>>;
}

/** The columns the sessions table sorts by, server-side (so it holds across pages). */
export const SORT_COLUMNS = {
  age: {
    natural: 'ascending',
    value: (s, now) => now - s.createdAt,
    describe: { ascending: 'newest first', descending: 'oldest first' },
  },
  idle: {
    natural: 'descending',
    value: (s, now) => now - s.lastTouchedAt,
    describe: { ascending: 'least idle first', descending: 'most idle first' },
  },
  left: {
    natural: 'ascending',
    value: (s, now) => Math.min(s.idleDeadline, s.maxDeadline) - now,
    describe: { ascending: 'ending soonest first', descending: 'ending last first' },
  },
  spend: {
    natural: 'descending',
    value: (s, now) => sessionSpend(s, now),
    describe: { ascending: 'lowest spend first', descending: 'highest spend first' },
  },
  price: {
    natural: 'descending',
    value: (s) => sessionPricePerHour(s),
    describe: { ascending: 'cheapest first', descending: 'dearest first' },
  },
  user: {
    natural: 'ascending',
    value: (s) => s.userId,
    describe: { ascending: 'by user, A to Z', descending: 'by user, Z to A' },
  },
  provider: {
    natural: 'ascending',
    value: (s) => s.provider,
    describe: { ascending: 'by provider, A to Z', descending: 'by provider, Z to A' },
  },
} as const satisfies Record<string, Column>;

export type SortColumn = keyof typeof SORT_COLUMNS;

export interface Sort {
  readonly column: SortColumn;
  readonly direction: SortDirection;
}

export const DEFAULT_SORT: Sort = { column: 'age', direction: 'ascending' };

const isColumn = (value: string | null): value is SortColumn => value !== null && Object.hasOwn(SORT_COLUMNS, value);

/** `sort=<column>&dir=asc|desc` from a query string; an unknown column is the default order. */
export function parseSort(params: URLSearchParams): Sort {
  const column = params.get('sort');
  if (!isColumn(column)) return DEFAULT_SORT;
  const dir = params.get('dir');
  const direction = dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : SORT_COLUMNS[column].natural;
  return { column, direction };
}

/**
 * Sorted by the column, each session's value computed once; a session without a value (no price
 * yet) goes last either way, and equal values keep a stable order by id, so pages never shuffle.
 */
export function sortSessions(sessions: readonly Session[], sort: Sort, now: number): Session[] {
  const value = SORT_COLUMNS[sort.column].value;
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return sessions
    .map((session) => ({ session, key: value(session, now) }))
    .sort((a, b) => {
      if (a.key === undefined || b.key === undefined) {
        if (a.key !== b.key) return a.key === undefined ? 1 : -1;
      } else if (a.key !== b.key) {
        return (a.key < b.key ? -1 : 1) * sign;
      }
      return a.session.id < b.session.id ? -1 : a.session.id > b.session.id ? 1 : 0;
    })
    .map((entry) => entry.session);
}
