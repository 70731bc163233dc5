import { AtlasError } from '@atlas/core';
import { PROVIDER_ID } from './settings.js';

/** One page of a `next_token` list: its items, and the cursor to the next page (none: the last). */
export interface TokenPage<T> {
  readonly items: readonly T[];
  readonly next: string | null | undefined;
}

/**
 * Every item of a Vast list read page by page (`after_token` <- `next_token`) to the last page (no
 * cursor, or an empty page). A cursor seen before, or more than `maxPages`, is a `contract` error:
 * a server bug, and summing or listing pages twice would be silently wrong.
 */
export async function readTokenPages<T>(
  what: string,
  maxPages: number,
  readPage: (after: string | undefined) => Promise<TokenPage<T>>,
): Promise<T[]> {
  const all: T[] = [];
  const seen = new Set<string>();
  let after: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const { items, next } = await readPage(after);
    all.push(...items);
    if (next === undefined || next === null || next === '' || items.length === 0) return all;
    if (seen.has(next)) throw listFault(`${what}: the cursor came back to a page already read (next_token repeats)`);
    seen.add(next);
    after = next;
  }
  throw listFault(`${what} did not end after ${maxPages} pages`);
}

function listFault(message: string): AtlasError {
  return new AtlasError({ kind: 'contract', provider: PROVIDER_ID, message: `vast: ${message}` });
}
