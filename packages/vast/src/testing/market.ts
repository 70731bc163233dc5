/**
 * The fake's marketplace: offers (asks) tests can set; an ask vanishes while its machine is
 * rented and comes back when the instance is destroyed. Offers look like the spec's example.
 */
export interface FakeOffer {
  id: number;
  machine_id: number;
  host_id: number;
  gpu_name: string;
  num_gpus: number;
  /** MB per GPU. */
  gpu_ram: number;
  /** $/h for the whole machine. */
  dph_total: number;
  min_bid: number;
  reliability: number;
  verification: 'verified' | 'unverified' | 'deverified';
  /** "City, CC". */
  geolocation: string;
  disk_space: number;
  direct_port_count: number;
  public_ipaddr: string;
  /** 1 for datacenter hosts. */
  hosting_type: number;
  [field: string]: unknown;
}

/** Fields of a query that are not filters. */
const META = new Set(['type', 'order', 'limit', 'allocated_storage']);

const DEFAULT_GPUS: readonly { name: string; ramMb: number; price: number }[] = [
  { name: 'RTX 4090', ramMb: 24_564, price: 0.35 },
  { name: 'RTX 3090', ramMb: 24_576, price: 0.2 },
  { name: 'H100 SXM', ramMb: 81_559, price: 2.1 },
  { name: 'A100 SXM4', ramMb: 81_920, price: 1.2 },
  { name: 'A100 PCIE', ramMb: 40_960, price: 0.7 },
  { name: 'RTX A6000', ramMb: 49_140, price: 0.45 },
  { name: 'L40S', ramMb: 46_068, price: 0.8 },
];
const COUNTRIES = ['US', 'DE', 'CA', 'SE', 'JP'] as const;
const CITIES: Readonly<Record<string, string>> = {
  US: 'Texas',
  DE: 'Hesse',
  CA: 'Quebec',
  SE: 'Stockholm',
  JP: 'Tokyo',
};

/** Hosts per GPU in the default market: enough for a test suite that holds dozens of instances at once. */
const HOSTS_PER_GPU = 40;

/** A market with many hosts per GPU, in 1- and 2-GPU sizes, at spread prices. */
export function defaultOffers(): FakeOffer[] {
  const offers: FakeOffer[] = [];
  let id = 4_000_000;
  for (const gpu of DEFAULT_GPUS) {
    for (let host = 0; host < HOSTS_PER_GPU; host++) {
      for (const count of [1, 2]) {
        id += 1;
        const country = COUNTRIES[host % COUNTRIES.length]!;
        const perGpu = Math.round(gpu.price * (1 + host * 0.02) * 1000) / 1000;
        offers.push(
          fakeOffer({
            id,
            machine_id: 10_000 + offers.length,
            host_id: 500 + host,
            gpu_name: gpu.name,
            num_gpus: count,
            gpu_ram: gpu.ramMb,
            dph_total: Math.round(perGpu * count * 1000) / 1000,
            min_bid: Math.round(perGpu * count * 450) / 1000,
            reliability: 0.95 + (host % 5) / 100,
            verification: host % 10 === 9 ? 'unverified' : 'verified',
            geolocation: `${CITIES[country]}, ${country}`,
            hosting_type: host % 4 === 0 ? 1 : 0,
            public_ipaddr: `203.0.113.${10 + host}`,
          }),
        );
      }
    }
  }
  return offers;
}

/** An offer with every field the fake needs; pass the ones a test cares about. */
export function fakeOffer(fields: Partial<FakeOffer> & Pick<FakeOffer, 'id' | 'gpu_name'>): FakeOffer {
  return {
    machine_id: fields.id + 1_000_000,
    host_id: 500,
    num_gpus: 1,
    gpu_ram: 24_576,
    dph_total: 0.5,
    min_bid: 0.2,
    reliability: 0.99,
    verification: 'verified',
    geolocation: 'Texas, US',
    disk_space: 500,
    direct_port_count: 40,
    public_ipaddr: '203.0.113.10',
    hosting_type: 0,
    ...fields,
  };
}

function country(geolocation: string): string {
  const at = geolocation.lastIndexOf(',');
  return (at < 0 ? geolocation : geolocation.slice(at + 1)).trim().toUpperCase();
}

/** The offer's value for a query field; `undefined` when the fake does not know the field. */
function fieldOf(offer: FakeOffer, field: string): unknown {
  switch (field) {
    case 'verified':
      return offer.verification === 'verified';
    case 'rentable':
      return true;
    case 'rented':
      return false;
    case 'external':
      return false;
    case 'datacenter':
      return offer.hosting_type === 1;
    case 'geolocation':
      return country(offer.geolocation);
    case 'gpu_total_ram':
      return offer.gpu_ram * offer.num_gpus;
    default:
      return offer[field];
  }
}

function normalizeName(value: unknown): unknown {
  // The CLI writes RTX_4090 for 'RTX 4090'; the API takes both.
  return typeof value === 'string' ? value.replace(/_/g, ' ') : value;
}

function matches(value: unknown, op: string, operand: unknown, field: string): boolean {
  const norm = field === 'gpu_name' ? normalizeName : (v: unknown) => v;
  const v = norm(value);
  const o = Array.isArray(operand) ? operand.map(norm) : norm(operand);
  switch (op) {
    case 'eq':
      return v === o;
    case 'neq':
      return v !== o;
    case 'gt':
      return typeof v === 'number' && typeof o === 'number' && v > o;
    case 'gte':
      return typeof v === 'number' && typeof o === 'number' && v >= o;
    case 'lt':
      return typeof v === 'number' && typeof o === 'number' && v < o;
    case 'lte':
      return typeof v === 'number' && typeof o === 'number' && v <= o;
    case 'in':
      return Array.isArray(o) && o.includes(v);
    case 'notin':
      return Array.isArray(o) && !o.includes(v);
    default:
      return false;
  }
}

/** The query's problems, as Vast answers them (400 invalid_request); empty when it can run. */
export function queryProblems(query: unknown): string[] {
  if (query === null || typeof query !== 'object' || Array.isArray(query)) return ['the query must be a JSON object'];
  const problems: string[] = [];
  for (const [field, filter] of Object.entries(query)) {
    if (META.has(field)) continue;
    if (filter === null || typeof filter !== 'object' || Array.isArray(filter)) {
      problems.push(`${field}: a filter must be an object like {"eq": value}`);
      continue;
    }
    for (const op of Object.keys(filter)) {
      if (!['eq', 'neq', 'gt', 'gte', 'lt', 'lte', 'in', 'notin'].includes(op))
        problems.push(`${field}: unknown operator '${op}'`);
    }
  }
  return problems;
}

/** Offers matching the query, ordered and limited like `POST /bundles/`. Bid searches price by min_bid. */
export function search(offers: readonly FakeOffer[], query: Record<string, unknown>): FakeOffer[] {
  const found = offers.filter((offer) =>
    Object.entries(query).every(([field, filter]) => {
      if (META.has(field)) return true;
      return Object.entries(filter as Record<string, unknown>).every(([op, operand]) =>
        matches(fieldOf(offer, field), op, operand, field),
      );
    }),
  );
  const order = Array.isArray(query.order) ? (query.order as unknown[][]) : [['score', 'desc']];
  const sorted = [...found].sort((a, b) => {
    for (const [field, dir] of order) {
      const x = Number(a[String(field)] ?? 0);
      const y = Number(b[String(field)] ?? 0);
      if (x !== y) return dir === 'desc' ? y - x : x - y;
    }
    return a.id - b.id;
  });
  const limit = typeof query.limit === 'number' && query.limit > 0 ? query.limit : 64;
  return sorted.slice(0, limit);
}
