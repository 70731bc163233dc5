import { randomBytes } from 'node:crypto';
import { type FaultInjector, FaultTable } from '@atlas/fake-kit';
import type { VastEndpoint } from '../settings.js';
import { CHARGES_MAX_PAGE } from './charges-route.js';
import { conformanceHooks, type VastConformanceHooks } from './conformance-hooks.js';
import { listen } from './fake-server.js';
import { type FakeInstance, InstanceStore } from './instance-store.js';
import { defaultOffers, type FakeOffer } from './market.js';
import { type FakeState, vastRoutes } from './routes.js';

export interface VastFakeOptions {
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** The bearer key the fake accepts (default: a random one). */
  apiKey?: string;
  /** Added before every response (default 0). */
  latencyMs?: number;
  /** Time from rent (or start) to running (default 40 ms). */
  provisioningMs?: number;
  /** The market at start and after reset (default: defaultOffers()). */
  offers?: () => FakeOffer[];
  /** Minimum ms between two calls to one endpoint with one key; past it, 429 without Retry-After (default 0: off). */
  minIntervalMs?: number | Partial<Record<VastEndpoint, number>>;
  /** Instances per page of the v1 list, at most 25 (default 25). */
  pageSize?: number;
  /** The most charges rows a page of `GET /api/v0/charges` holds, whatever `limit` asks (default 500, Vast's maximum). */
  chargesPageSize?: number;
}

export interface VastFake {
  /** Stands for https://console.vast.ai: pass it as `baseUrl`. */
  readonly url: string;
  readonly apiKey: string;
  /**
   * Faults by operation (spawnCompute PUT /api/v0/asks/{id}/; getCompute GET /api/v0/instances/{id}/;
   * listCompute GET /api/v1/instances/; stop/start PUT /api/v0/instances/{id}/ with that state;
   * terminate DELETE /api/v0/instances/{id}/) or by route (`injectRoute`, the path as sent).
   */
  readonly faults: FaultInjector;
  /** The hooks of `@atlas/conformance` (`hooks` option of describeProviderConformance). */
  readonly hooks: VastConformanceHooks;
  readonly market: {
    /** The asks on offer now (rented ones are gone until their instance is destroyed). */
    list(): FakeOffer[];
    set(offers: FakeOffer[]): void;
    add(...offers: FakeOffer[]): void;
    /** Takes an ask off the market, as another renter would. */
    remove(id: number): boolean;
  };
  readonly instances: {
    list(): FakeInstance[];
    get(id: string): FakeInstance | undefined;
    /** The env it was rented with (the conformance auth check reads ATLAS_PRESHARED_KEY here). */
    readEnv(id: string): Record<string, string> | undefined;
    /** The container crashed (`exited`): it never runs again. */
    fail(id: string): boolean;
    /** An interruptible instance outbid: stopped by the host. */
    preempt(id: string): boolean;
    /** While busy, a start waits in "scheduling" (stopped, intended running). */
    setGpuBusy(id: string, busy: boolean): boolean;
    count(): number;
  };
  /** Empties the instances, restores the market, clears faults and intervals' memory. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the stateful Vast.ai fake on 127.0.0.1. See README.md here. */
export async function startVastFake(options: VastFakeOptions = {}): Promise<VastFake> {
  const apiKey = options.apiKey ?? `vast_fake_${randomBytes(12).toString('hex')}`;
  const makeOffers = options.offers ?? defaultOffers;
  const state: FakeState = {
    offers: makeOffers(),
    rented: new Map(),
    instances: new InstanceStore({ provisioningMs: options.provisioningMs ?? 40 }),
    sshKeys: new Map(),
    nextSshKeyId: 1,
    pageSize: Math.min(25, Math.max(1, options.pageSize ?? 25)),
    chargesPageSize: Math.min(CHARGES_MAX_PAGE, Math.max(1, options.chargesPageSize ?? CHARGES_MAX_PAGE)),
  };
  const faults = new FaultTable();
  const interval = options.minIntervalMs;
  const gate = {
    apiKey,
    latencyMs: options.latencyMs ?? 0,
    faults,
    minIntervalMs: (endpoint: VastEndpoint) => (typeof interval === 'number' ? interval : (interval?.[endpoint] ?? 0)),
    lastCall: new Map<string, number>(),
  };
  const server = await listen(vastRoutes(state), gate, options.port ?? 0);
  const idOf = (id: string) => (/^\d+$/.test(id) ? Number(id) : Number.NaN);
  const initialPageSize = state.pageSize;

  return {
    url: server.origin,
    apiKey,
    faults,
    hooks: conformanceHooks(state, apiKey),
    market: {
      list: () => state.offers.map((o) => ({ ...o })),
      set: (offers) => {
        state.offers = [...offers];
      },
      add: (...offers) => {
        state.offers.push(...offers);
      },
      remove: (id) => {
        const before = state.offers.length;
        state.offers = state.offers.filter((o) => o.id !== id);
        return state.offers.length < before;
      },
    },
    instances: {
      list: () => state.instances.ids().map((id) => state.instances.view(id)!),
      get: (id) => state.instances.view(idOf(id)),
      readEnv: (id) => state.instances.env(idOf(id)),
      fail: (id) => state.instances.fail(idOf(id)),
      preempt: (id) => state.instances.preempt(idOf(id)),
      setGpuBusy: (id, busy) => state.instances.setGpuBusy(idOf(id), busy),
      count: () => state.instances.size,
    },
    reset: () => {
      state.instances.reset();
      state.rented.clear();
      state.offers = makeOffers();
      state.sshKeys.clear();
      state.pageSize = initialPageSize;
      gate.lastCall.clear();
      faults.clear();
    },
    close: () => server.close(),
  };
}
