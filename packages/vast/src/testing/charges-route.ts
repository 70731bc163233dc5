import type { FakeResponse } from '@atlas/fake-kit';
import { json, vastError } from './http-io.js';
import type { BilledContract } from './instance-store.js';

const HOUR_MS = 3_600_000;
/** Vast's storage price is per GB-month; an instance's `dph_total` holds its disk at this rate (a month of 730 h). */
const DISK_USD_PER_GB_MONTH = 0.1;
const HOURS_PER_MONTH = 730;
/** The spec: "Server maximum 500"; a larger `limit` is served as 500. */
export const CHARGES_MAX_PAGE = 500;
/** The spec's default `limit`. */
const DEFAULT_LIMIT = 100;
const TYPES = new Set(['instance', 'volume', 'serverless']);

/** Vast rounds every amount to 3 decimals. */
const usd = (amount: number) => Math.round(amount * 1000) / 1000;

interface ChargeFilters {
  readonly gte: number;
  readonly lte: number;
  readonly types: readonly string[] | undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `select_filters`: `day` {gte, lte} in unix seconds, required; `type` {in: [...]}; nothing else. */
function parseFilters(text: string | null): ChargeFilters | FakeResponse {
  const missing = {
    status: 400,
    body: { success: false, msg: "Must provide both 'day' gte and lte filters for instance charges" },
  };
  if (text === null) return missing;
  let filters: unknown;
  try {
    filters = JSON.parse(text);
  } catch {
    return vastError(400, 'invalid_request', 'select_filters is not valid JSON');
  }
  if (!isObject(filters)) return vastError(400, 'invalid_request', 'select_filters must be a JSON object');
  for (const column of Object.keys(filters)) {
    if (column !== 'day' && column !== 'type')
      return vastError(400, 'invalid_args', `column '${column}' is not filterable`);
  }
  const { day, type } = filters;
  if (!isObject(day) || !Number.isInteger(day.gte) || !Number.isInteger(day.lte)) return missing;
  let types: string[] | undefined;
  if (type !== undefined) {
    if (!isObject(type) || !Array.isArray(type.in) || !type.in.every((t) => typeof t === 'string' && TYPES.has(t)))
      return vastError(400, 'invalid_args', "type filter must be {in: ['instance' | 'volume' | 'serverless', ...]}");
    types = type.in as string[];
  }
  return { gte: day.gte as number, lte: day.lte as number, types };
}

function overlapMs(from: number, to: number, start: number, end: number): number {
  return Math.max(0, Math.min(to, end) - Math.max(from, start));
}

/**
 * One instance's row over [from, to) (ms): the part of its life inside, GPU while it was meant to
 * run (its price less the disk), disk the whole time it existed. Undefined when it did not exist then.
 */
function chargeRow(contract: BilledContract, from: number, to: number, now: number) {
  const start = Math.max(contract.createdAt, from);
  const end = Math.min(contract.endedAt ?? now, to);
  if (end <= start) return undefined;
  const diskPerHour = Math.min(contract.pricePerHour, (contract.diskGb * DISK_USD_PER_GB_MONTH) / HOURS_PER_MONTH);
  const gpuPerHour = contract.pricePerHour - diskPerHour;
  const runMs = contract.runs.reduce((sum, run) => sum + overlapMs(start, end, run.from, run.to ?? now), 0);
  const gpu = (gpuPerHour * runMs) / HOUR_MS;
  const disk = (diskPerHour * (end - start)) / HOUR_MS;
  const [startS, endS] = [Math.floor(start / 1000), Math.ceil(end / 1000)];
  const item = (type: 'gpu' | 'disk', amount: number, hours: number, rate: number) => ({
    start: startS,
    end: endS,
    type,
    source: null,
    description: `${hours.toFixed(3)} hours at $${rate.toFixed(3)}/hour`,
    amount: usd(amount),
    metadata: {},
    items: [],
  });
  return {
    start: startS,
    end: endS,
    type: 'instance',
    source: `instance-${contract.id}`,
    description: `Instance ${contract.id} Charges - ${((end - start) / HOUR_MS).toFixed(3)} hours`,
    amount: usd(gpu + disk),
    metadata: contract.label === null ? {} : { label: contract.label },
    items: [item('gpu', gpu, runMs / HOUR_MS, gpuPerHour), item('disk', disk, (end - start) / HOUR_MS, diskPerHour)],
  };
}

/** `after_token`: the offset of the next row, base64. */
const encodeToken = (offset: number) => Buffer.from(JSON.stringify({ values: { offset } })).toString('base64');

function decodeToken(token: string): number | undefined {
  try {
    const offset = (JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { values?: { offset?: unknown } })
      .values?.offset;
    return typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 ? offset : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `GET /api/v0/charges` over the fake's instances, destroyed ones included: one `instance` row per
 * contract that existed in the `day` range, clipped to it to the second (Vast may count whole days:
 * unknown, the fake does not), `latest_first` by default. `maxPage` is the server's page maximum.
 */
export function showCharges(
  contracts: readonly BilledContract[],
  query: URLSearchParams,
  maxPage: number,
): FakeResponse {
  const filters = parseFilters(query.get('select_filters'));
  if ('status' in filters) return filters;
  const format = query.get('format');
  if (format !== null && format !== 'table' && format !== 'tree')
    return vastError(400, 'invalid_args', "format must be 'table' or 'tree'");
  const latest = query.get('latest_first');
  if (latest !== null && latest !== 'true' && latest !== 'false')
    return vastError(400, 'invalid_args', 'latest_first must be true or false');
  const limitText = query.get('limit');
  const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1)
    return vastError(400, 'invalid_args', 'limit must be an integer of at least 1');
  const token = query.get('after_token');
  const offset = token === null ? 0 : decodeToken(token);
  if (offset === undefined) return vastError(400, 'invalid_token', 'Invalid pagination token');

  const now = Date.now();
  const from = filters.gte * 1000;
  const to = (filters.lte + 1) * 1000;
  const billsInstances = filters.types === undefined || filters.types.includes('instance');
  const rows = billsInstances ? contracts.flatMap((contract) => chargeRow(contract, from, to, now) ?? []) : [];
  rows.sort((a, b) => a.start - b.start || a.source.localeCompare(b.source));
  if (latest !== 'false') rows.reverse();
  const page = rows.slice(offset, offset + Math.min(limit, maxPage));
  const next = offset + page.length;
  return json(200, {
    success: true,
    count: page.length,
    total: rows.length,
    next_token: next < rows.length ? encodeToken(next) : null,
    results: page,
  });
}
