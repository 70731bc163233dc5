import type { CallContext, Capability, ComputeRequest } from '@atlas/core';
import { defineProvider, parseWith } from '@atlas/core/provider';
import { type SearchOffersBody, SearchOffersBodySchema } from './api/offers.js';
import { listGpuTypes } from './catalog.js';
import { vastApi } from './client.js';
import {
  destroyInstance,
  getCompute,
  labelInstance,
  listCompute,
  rebootInstance,
  startInstance,
  stopInstance,
} from './compute/instances.js';
import { searchOffers } from './compute/offers.js';
import { checkSpawnRequest, spawnCompute } from './compute/spawn.js';
import { chargesTotalUsd, listCharges } from './extras/billing.js';
import { type ChargesQuery, toChargesWindow } from './extras/billing-query.js';
import { addSshKey, attachSshKey, listSshKeys, removeSshKey, sshConnection } from './extras/ssh.js';
import { VAST_GPU_MAP } from './gpu-map.js';
import { PROVIDER_ID, type VastSettings } from './settings.js';

/**
 * What Vast really offers through this package: stop/start (start waits for the host's GPU),
 * interruptible instances at a bid (`spot`), the market as a catalog, and direct TCP ports
 * (mapped to other host ports, so not symmetric, and no proxy in front: no `http_proxy`).
 */
export const VAST_CAPABILITIES = [
  'stop_start',
  'spot',
  'gpu_catalog',
  'raw_tcp',
] as const satisfies readonly Capability[];

export function createVast(settings: VastSettings = {}) {
  const { minIntervalMs, ...shared } = settings;
  const api = (ctx: CallContext) => vastApi(minIntervalMs, ctx);
  return defineProvider({
    id: PROVIDER_ID,
    capabilities: VAST_CAPABILITIES,
    gpuMap: VAST_GPU_MAP,
    settings: shared,
    checkRequest: (request: ComputeRequest) => checkSpawnRequest(request),
    operations: {
      spawnCompute: (request, ctx) => spawnCompute(api(ctx), request, ctx),
      getCompute: (id, ctx) => getCompute(api(ctx), id),
      listCompute: (filter, ctx) => listCompute(api(ctx), filter),
      stop: (id, ctx) => stopInstance(api(ctx), id),
      start: (id, ctx) => startInstance(api(ctx), id),
      terminate: (id, ctx) => destroyInstance(api(ctx), id),
      listGpuTypes: (ctx) => listGpuTypes(api(ctx)),
    },
    extras: (kit) => ({
      /** The marketplace: `POST /api/v0/bundles/` with Vast's own query (`{ gpu_name: { eq: 'RTX 4090' }, ... }`). */
      searchOffers: (query: SearchOffersBody, ctx?: CallContext) =>
        searchOffers(
          api(kit.context(ctx)),
          parseWith(SearchOffersBodySchema, query, 'offer search', PROVIDER_ID) as SearchOffersBody,
        ),
      /** Restarts the container without giving up the GPU. */
      reboot: (id: string, ctx?: CallContext) => rebootInstance(api(kit.context(ctx)), id),
      /** Renames an instance (its label, at most 1024 characters; the spawn marker is dropped). */
      label: (id: string, name: string, ctx?: CallContext) => labelInstance(api(kit.context(ctx)), id, name),
      /** How to reach an instance over SSH: Vast's proxy, and the direct port when 22 is mapped. */
      ssh: (id: string, ctx?: CallContext) => sshConnection(api(kit.context(ctx)), id),
      /** Attaches a public key to one instance. */
      attachSshKey: (id: string, publicKey: string, ctx?: CallContext) =>
        attachSshKey(api(kit.context(ctx)), id, publicKey),
      /** Account SSH keys (`/api/v0/ssh/`); Vast adds a new one to every current instance. */
      sshKeys: {
        list: (ctx?: CallContext) => listSshKeys(api(kit.context(ctx))),
        add: (publicKey: string, ctx?: CallContext) => addSshKey(api(kit.context(ctx)), publicKey),
        remove: (id: string, ctx?: CallContext) => removeSshKey(api(kit.context(ctx)), id),
      },
      /**
       * Vast's bill (`GET /api/v0/charges`): per contract, every page read. The query is checked
       * before the key is even looked up; `from`/`to` take a Date, an RFC 3339 string or epoch ms.
       */
      billing: {
        /** The contracts charged in the window's days, amounts as Vast sent them (whole periods, not prorated). */
        charges: async (query: ChargesQuery, ctx?: CallContext) => {
          const window = toChargesWindow(query, 'charges query');
          return listCharges(api(kit.context(ctx)), window);
        },
        /**
         * What instances cost in [from, to), in USD: each overlapping contract's amount prorated to
         * the window. Shaped for the orchestrator's `reconcile.readBill`.
         */
        totalUsd: async (query: ChargesQuery, ctx?: CallContext) => {
          const window = toChargesWindow(query, 'spend query');
          return chargesTotalUsd(api(kit.context(ctx)), window);
        },
      },
    }),
  });
}

/** The Vast.ai provider: the common contract plus Vast's own extras. */
export type VastProvider = ReturnType<typeof createVast>;
