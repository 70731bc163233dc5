/** The most rows one page holds, whatever `size` asks for: a page of 10,000 sessions stays bounded. */
export const MAX_PAGE_SIZE = 500;

export interface Page<T> {
  readonly items: readonly T[];
  /** 1-based. */
  readonly page: number;
  readonly size: number;
  readonly total: number;
  readonly pages: number;
}

function positiveInt(value: string | null, fallback: number): number {
  const n = value === null ? Number.NaN : Number(value);
  return Number.isSafeInteger(n) && n > 0 ? n : fallback;
}

/** `page` and `size` from a query string, clamped: a page past the end shows the last one. */
export function pageRequest(params: URLSearchParams, defaultSize: number): { page: number; size: number } {
  return {
    page: positiveInt(params.get('page'), 1),
    size: Math.min(MAX_PAGE_SIZE, positiveInt(params.get('size'), defaultSize)),
  };
}

export function paginate<T>(all: readonly T[], request: { page: number; size: number }): Page<T> {
  const pages = Math.max(1, Math.ceil(all.length / request.size));
  const page = Math.min(request.page, pages);
  const start = (page - 1) * request.size;
  return { items: all.slice(start, start + request.size), page, size: request.size, total: all.length, pages };
}
