/** RFC 3339 date-time (the spec's `format: date-time`); Date.parse then rejects impossible dates. */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * A real RFC 3339 date-time: the shape, and a calendar date that exists. Date.parse alone rolls
 * 2026-02-30 over to March 2, and the server would get a date the caller never meant. A leap second
 * (23:59:60, which RFC 3339 allows) is refused: a JavaScript Date cannot hold one.
 */
export function isRfc3339(text: string): boolean {
  const match = RFC3339.exec(text);
  if (match === null || Number.isNaN(Date.parse(text))) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59;
}
