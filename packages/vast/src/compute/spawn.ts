import {
  AtlasError,
  type AuthHandle,
  type CallContext,
  type Compute,
  type ComputeRequest,
  hashToken,
  isAtlasError,
  mintToken,
  PRESHARED_KEY_ENV,
} from '@atlas/core';
import { CREATE_MARKER_ENV, createOnce, newCreateMarker, registerSecret } from '@atlas/core/provider';
import { CreateInstanceResponseSchema, type Instance } from '../api/instances.js';
import type { Offer } from '../api/offers.js';
import type { VastApi } from '../client.js';
import { parseVastOptions, type VastProviderOptions } from '../provider-options.js';
import { PROVIDER_ID } from '../settings.js';
import { toCreateBody } from '../translate/create-body.js';
import { envOf, instanceToCompute } from '../translate/instance.js';
import { defaultName, encodeLabel, spawnMarker } from '../translate/label.js';
import { offerQuery } from '../translate/offer-query.js';
import { getInstance, listInstances } from './instances.js';
import { searchOffers } from './offers.js';

const DEFAULT_MAX_OFFERS = 3;

interface Attempt {
  readonly offer: Offer;
  readonly outcome: string;
}

/**
 * Search, then rent the cheapest offer by accepting its ask. An ask that is gone (404/410
 * no_such_ask) or refused for its price moves on to the next cheapest, up to `maxOffers`; an
 * ambiguous rent (timeout, reset, 5xx) is never sent again: the per-attempt marker in the label
 * finds what it made, or the call fails closed saying what to look for.
 */
export async function spawnCompute(api: VastApi, request: ComputeRequest, ctx: CallContext): Promise<Compute> {
  const options = parseVastOptions(request.providerOptions);
  const query = offerQuery(request, options);
  if (options.imageLogin !== undefined) registerSecret(options.imageLogin);
  const marker = spawnMarker(ctx.idempotencyKey, newCreateMarker);
  const name = request.name ?? defaultName(marker);
  const label = encodeLabel(name, marker);

  // A key that already rented answers with that instance, whatever the market does now.
  if (ctx.idempotencyKey) {
    const existing = await findByKey(api, label);
    if (existing !== undefined) return adopt(existing, request.auth === 'bearer');
  }

  const offers = await searchOffers(api, query);
  if (offers.length === 0) throw noOffers(request, options);
  const auth: AuthHandle | undefined = request.auth === 'bearer' ? await mintToken() : undefined;
  const tried: Attempt[] = [];
  for (const offer of offers.slice(0, options.maxOffers ?? DEFAULT_MAX_OFFERS)) {
    const body = toCreateBody(request, offer, options, {
      label,
      injectedEnv: { ...auth?.env, [CREATE_MARKER_ENV]: marker },
    });
    let instance: Instance;
    try {
      // Sent once; an ambiguous failure is settled by the label's marker, or fails closed.
      instance = await createOnce<Instance>({
        provider: PROVIDER_ID,
        name,
        marker,
        noun: 'instance',
        signal: api.signal,
        create: async () => {
          const created = await api.request('create', {
            method: 'PUT',
            path: `api/v0/asks/${offer.id}/`,
            json: body,
            schema: CreateInstanceResponseSchema,
            // Accepting an ask rents a GPU: the HTTP layer repeats it only when the server did nothing (429).
            idempotent: false,
          });
          return settledInstance(api, created.new_contract, label);
        },
        findByMarker: async () => liveWithLabel(api, label),
        idOf: (found) => String(found.id),
      });
    } catch (error) {
      if (isGone(error)) {
        tried.push({ offer, outcome: error.message });
        continue;
      }
      throw error;
    }
    const compute = instanceToCompute(instance);
    return auth === undefined ? compute : { ...compute, auth };
  }
  throw exhausted(request, tried);
}

/**
 * What only Vast refuses, before any request (the boundary calls it on the validated request):
 * providerOptions, region hints that are not countries, auth and volumes Vast cannot honour.
 */
export function checkSpawnRequest(request: ComputeRequest): void {
  offerQuery(request, parseVastOptions(request.providerOptions));
  const refuse = (path: string, message: string) =>
    new AtlasError({
      kind: 'unsupported',
      provider: PROVIDER_ID,
      message: `vast: ${message}`,
      issues: [{ path, message }],
    });
  if (request.auth === 'signed_url') {
    throw refuse('auth', "Vast exposes ports directly, with nothing in front to check a signed URL; use auth 'bearer'");
  }
  if (request.networkVolumeId !== undefined) {
    throw refuse(
      'networkVolumeId',
      'network volumes are not supported by this provider yet; use volumeGb for local disk',
    );
  }
}

/** The instance the create made; if the show call fails, the rent still happened: report what we know. */
async function settledInstance(api: VastApi, id: number, label: string): Promise<Instance> {
  try {
    return await getInstance(api, String(id));
  } catch {
    return { id, label, actual_status: null, intended_status: 'running' };
  }
}

/** The ask was refused for sure (a 4xx): gone (404/410 no_such_ask) or priced out. Never a possibly-created rent. */
function isGone(error: unknown): error is AtlasError {
  if (!isAtlasError(error) || error.details?.possiblyCreated === true) return false;
  if (error.status === undefined || error.status < 400 || error.status >= 500) return false;
  return error.kind === 'capacity' || error.status === 404 || error.status === 410 || error.code === 'invalid_price';
}

/** The live instances labelled exactly so (Vast filters the v1 list by label; destroyed ones are gone). */
async function liveWithLabel(api: VastApi, label: string): Promise<Instance[]> {
  return (await listInstances(api, { label: { eq: label } })).filter((i) => i.label === label);
}

async function findByKey(api: VastApi, label: string): Promise<Instance | undefined> {
  const found = await liveWithLabel(api, label);
  if (found.length > 1) {
    throw new AtlasError({
      kind: 'conflict',
      provider: PROVIDER_ID,
      message: `vast: ${found.length} instances carry the label '${label}' (${found.map((i) => i.id).join(', ')}) for this idempotency key; refusing to guess which one is ours. Destroy the extra ones.`,
      retryable: false,
    });
  }
  return found[0];
}

/** A spawn repeated with the same idempotency key returns the first one's instance, with the token it holds. */
async function adopt(instance: Instance, bearer: boolean): Promise<Compute> {
  const compute = instanceToCompute(instance);
  if (!bearer) return compute;
  const token = envOf(instance).get(PRESHARED_KEY_ENV);
  if (token === undefined || token === '') {
    throw new AtlasError({
      kind: 'conflict',
      provider: PROVIDER_ID,
      message: `vast: instance ${instance.id} already answers this idempotency key, but holds no ${PRESHARED_KEY_ENV}, so no bearer token opens it. Destroy it, or spawn with another key.`,
      retryable: false,
    });
  }
  registerSecret(token);
  return {
    ...compute,
    auth: {
      scheme: 'bearer',
      token,
      hash: await hashToken(token),
      header: `Bearer ${token}`,
      env: { [PRESHARED_KEY_ENV]: token },
    },
  };
}

function describeOffer(offer: Offer): string {
  return `offer ${offer.id} (${offer.num_gpus}x ${offer.gpu_name}, $${offer.dph_total.toFixed(3)}/h${offer.geolocation ? `, ${offer.geolocation}` : ''})`;
}

function noOffers(request: ComputeRequest, options: VastProviderOptions): AtlasError {
  const constraints = [
    `${request.gpuCount}x ${request.gpu ?? 'gpu'}`,
    options.verified === false ? 'any host' : 'verified hosts',
    ...(request.regionHints ? [`countries ${request.regionHints.join(', ')}`] : []),
    ...(options.maxPricePerHour === undefined ? [] : [`at most $${options.maxPricePerHour}/h`]),
    ...(options.minReliability === undefined ? [] : [`reliability >= ${options.minReliability}`]),
  ];
  return new AtlasError({
    kind: 'capacity',
    provider: PROVIDER_ID,
    message: `vast: no offer matches ${constraints.join(', ')} right now.`,
  });
}

function exhausted(request: ComputeRequest, tried: readonly Attempt[]): AtlasError {
  return new AtlasError({
    kind: 'capacity',
    provider: PROVIDER_ID,
    message:
      `vast: could not rent ${request.gpuCount}x ${request.gpu ?? 'gpu'}: tried ${tried.length} offer(s), cheapest first: ` +
      tried.map((t) => `${describeOffer(t.offer)}: ${t.outcome}`).join('; '),
    details: { tried: tried.map((t) => ({ offerId: t.offer.id, pricePerHour: t.offer.dph_total })) },
  });
}
