import { CHARGES_PAGE_LIMIT, type Charge, ChargesResponseSchema } from '../api/charges.js';
import type { VastApi } from '../client.js';
import { readTokenPages } from '../next-token-pages.js';
import { amountWithin, toVastCharge, type VastCharge } from '../translate/charges.js';
import { type ChargesWindow, toSelectFilters } from './billing-query.js';

/** 500 contracts a page: a cursor that outlasts this is a server bug. */
const MAX_PAGES = 1_000;

/** Every contract of the window: a bill that repeated a page would overcharge silently. */
function readCharges(api: VastApi, window: ChargesWindow): Promise<Charge[]> {
  return readTokenPages('the charges', MAX_PAGES, async (after) => {
    const body = await api.request('billing', {
      method: 'GET',
      path: 'api/v0/charges/',
      query: {
        select_filters: toSelectFilters(window),
        limit: CHARGES_PAGE_LIMIT,
        ...(after === undefined ? {} : { after_token: after }),
      },
      schema: ChargesResponseSchema,
    });
    return { items: body.results, next: body.next_token };
  });
}

/** Vast has no instance filter for charges: one instance is picked out here, by its `source`. */
function ofInstance(charges: readonly Charge[], window: ChargesWindow): Charge[] {
  const source = window.instanceId === undefined ? undefined : `instance-${window.instanceId}`;
  return source === undefined ? [...charges] : charges.filter((charge) => charge.source === source);
}

/** `billing.charges`: the contracts Vast charged for in the window's days, as Vast sent their amounts. */
export async function listCharges(api: VastApi, window: ChargesWindow): Promise<VastCharge[]> {
  return ofInstance(await readCharges(api, window), window).map(toVastCharge);
}

/**
 * `billing.totalUsd`: what the window cost, in USD. Only instances unless `types` says otherwise
 * (volumes are billed apart from any instance: RunPod's totalUsd likewise counts pods only). Each
 * contract that overlaps [from, to) counts with the part of its amount inside the window, prorated
 * by time (see amountWithin): Vast's `day` filter picks contracts by day, and a row's amount
 * covers its whole period, so summing the rows as sent would bill a one-hour window for days.
 */
export async function chargesTotalUsd(api: VastApi, window: ChargesWindow): Promise<number> {
  const scoped: ChargesWindow = { ...window, types: window.types ?? ['instance'] };
  const now = Date.now();
  let usd = 0;
  for (const charge of ofInstance(await readCharges(api, scoped), scoped)) {
    usd += amountWithin(charge, window.from, window.to, now);
  }
  return usd;
}
