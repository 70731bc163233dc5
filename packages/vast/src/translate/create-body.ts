import type { ComputeRequest } from '@atlas/core';
import { deepMergeOptions } from '@atlas/core/provider';
import type { CreateInstanceBody } from '../api/instances.js';
import type { Offer } from '../api/offers.js';
import type { VastProviderOptions } from '../provider-options.js';
import { diskGbOf } from './offer-query.js';
import { PORTS_ENV, portsEnvValue } from './ports.js';

export interface CreateContext {
  /** The label: the name and the per-attempt marker. */
  readonly label: string;
  /** Env Atlas adds (the bearer token). */
  readonly injectedEnv: Readonly<Record<string, string>>;
}

/**
 * The body that accepts an ask. Ports become `-p N:N` keys of the env object (Vast maps each to a
 * host port of its own choosing); ATLAS_PORTS keeps which ones are http, which Vast cannot store.
 */
export function toCreateBody(
  request: ComputeRequest,
  offer: Offer,
  options: VastProviderOptions,
  context: CreateContext,
): CreateInstanceBody {
  const env: Record<string, string> = { ...request.env, ...context.injectedEnv };
  for (const { port } of request.ports) env[`-p ${port}:${port}`] = '1';
  if (request.ports.length > 0) env[PORTS_ENV] = portsEnvValue(request.ports);
  const runtype =
    options.runtype ?? (options.args !== undefined ? 'args' : request.ports.length > 0 ? 'ssh_direct' : 'ssh');
  const body: CreateInstanceBody = {
    ...(request.image === undefined ? {} : { image: request.image }),
    ...(request.templateId === undefined ? {} : { template_hash_id: request.templateId }),
    label: context.label,
    disk: diskGbOf(request, options),
    env,
    runtype,
    ...(request.spot === true ? { price: options.bidPerHour ?? offer.min_bid ?? offer.dph_total } : {}),
    target_state: 'running',
    // On-demand: fail fast (410) when the host cannot start it now, so the next offer is tried.
    cancel_unavail: request.spot !== true,
    ...(options.onstart === undefined ? {} : { onstart: options.onstart }),
    ...(options.args === undefined ? {} : { args: options.args }),
    ...(options.imageLogin === undefined ? {} : { image_login: options.imageLogin }),
  };
  // parseVastOptions already refused the fields Atlas owns (ASK_OWNED).
  return deepMergeOptions(body, options.ask);
}
