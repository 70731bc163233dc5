/** Response headers as fetch gives them, or as a plain record (any case). */
export type HeadersLike = Headers | Readonly<Record<string, string | undefined>>;

/** One header's value, looked up without regard to case. */
export function headerValue(headers: HeadersLike | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = headers as Record<string, string | undefined>;
  const key = Object.keys(record).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : record[key];
}

const SECONDS = /^\d+(?:\.\d+)?$/;

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (SECONDS.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Seconds this large are a Unix time, not a delay: the IETF draft says delta-seconds, but servers
 * that copied GitHub's `X-RateLimit-Reset` send the epoch second of the reset.
 */
const EPOCH_SECONDS = 1_000_000_000;

/**
 * `RateLimit-Reset` (IETF draft "RateLimit header fields", earlier revisions) as milliseconds:
 * delta-seconds, or an epoch second for servers that send one; undefined when absent or unreadable.
 */
export function parseRateLimitReset(value: string | null | undefined, now = Date.now()): number | undefined {
  const trimmed = value?.trim();
  if (trimmed === undefined || !SECONDS.test(trimmed)) return undefined;
  const seconds = Number(trimmed);
  return seconds >= EPOCH_SECONDS ? Math.max(0, Math.round(seconds * 1000 - now)) : Math.round(seconds * 1000);
}

/**
 * The structured `RateLimit` field of the newer draft (`"minute";r=0;t=12, "hour";r=2800;t=1812`,
 * as RunPod sends it): the longest reset `t` among the policies with nothing remaining (`r=0`), as
 * milliseconds. A policy with quota left does not hold the caller back.
 */
export function parseRateLimit(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  let longest: number | undefined;
  // Each list member is a policy name and its parameters: `"minute";r=0;t=12`.
  for (const item of value.split(',')) {
    const fields = new Map(
      item
        .split(';')
        .slice(1)
        .map((param) => param.split('=').map((part) => part.trim()))
        .filter((pair): pair is [string, string] => pair.length === 2),
    );
    const remaining = fields.get('r');
    const reset = fields.get('t');
    if (remaining !== '0' || reset === undefined || !/^\d+$/.test(reset)) continue;
    longest = Math.max(longest ?? 0, Number(reset) * 1000);
  }
  return longest;
}

/**
 * How long the server asks the caller to wait, in milliseconds: `Retry-After` first, then
 * `RateLimit-Reset`, then the exhausted policies of a structured `RateLimit`. Read only from error
 * responses: on a success the RateLimit fields describe quota, not a request to wait.
 */
export function retryAfterFromHeaders(headers: HeadersLike | undefined, now = Date.now()): number | undefined {
  return (
    parseRetryAfter(headerValue(headers, 'retry-after'), now) ??
    parseRateLimitReset(headerValue(headers, 'ratelimit-reset'), now) ??
    parseRateLimit(headerValue(headers, 'ratelimit'))
  );
}
