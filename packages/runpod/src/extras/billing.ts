import type { CallContext } from '@atlas/core';
import type * as v from 'valibot';
import {
  ListBillingSchema,
  ListNetworkVolumeBillingSchema,
  ListPodBillingSchema,
  ListPublicEndpointBillingSchema,
  ListServerlessBillingSchema,
} from '../api/billing.js';
import {
  type AccountBillingRecord,
  type BillingRecord,
  type BillingReport,
  type NetworkVolumeBillingRecord,
  type PodBillingRecord,
  type ServerlessBillingRecord,
  toAccountBilling,
  toNetworkVolumeBilling,
  toPodBilling,
  toPublicEndpointBilling,
  toServerlessBilling,
} from '../translate/billing.js';
import {
  type BillingQuery,
  BillingQuerySchema,
  type NetworkVolumeBillingQuery,
  NetworkVolumeBillingQuerySchema,
  type PodBillingQuery,
  PodBillingQuerySchema,
  type PodSpendQuery,
  PodSpendQuerySchema,
  type ServerlessBillingQuery,
  ServerlessBillingQuerySchema,
  toBillingQuery,
} from './billing-query.js';
import type { ClientFor } from './client-factory.js';

/**
 * RunPod's bill (`GET /v2/billing/...`), in time buckets. Every query is checked before any
 * request; `from`/`to` take a Date, an RFC 3339 string or epoch milliseconds. RunPod widens the
 * window to whole buckets: each report says which window it covers.
 */
export interface BillingApi {
  /** Pods, one record per pod per bucket, or one pod's with `podId` (`GET /v2/billing/pods`). */
  pods(query?: PodBillingQuery, ctx?: CallContext): Promise<BillingReport<PodBillingRecord>>;
  /** Serverless endpoints, per endpoint per bucket, or one with `endpointId` (`GET /v2/billing/serverless`). */
  serverless(query?: ServerlessBillingQuery, ctx?: CallContext): Promise<BillingReport<ServerlessBillingRecord>>;
  /** Network volumes, per volume per bucket (`GET /v2/billing/network-volumes`). */
  networkVolumes(
    query?: NetworkVolumeBillingQuery,
    ctx?: CallContext,
  ): Promise<BillingReport<NetworkVolumeBillingRecord>>;
  /** RunPod's public endpoints (hosted models), per bucket (`GET /v2/billing/endpoints`). */
  publicEndpoints(query?: BillingQuery, ctx?: CallContext): Promise<BillingReport<BillingRecord>>;
  /** The whole account per bucket, by resource family (`GET /v2/billing`). */
  account(query?: BillingQuery, ctx?: CallContext): Promise<BillingReport<AccountBillingRecord>>;
  /**
   * What pods cost from `from` to `to`, in USD: all of them, or one with `podId`. The sum of the
   * records of `pods()` with `hour` buckets unless told otherwise; RunPod bills whole buckets, so
   * pass hour-aligned times to compare it with an estimate over exactly that window.
   */
  totalUsd(query: PodSpendQuery, ctx?: CallContext): Promise<number>;
}

/** One billing route: where it is, what its answer looks like, how it reads. */
function billingCall<Answer, Report>(
  clientFor: ClientFor,
  route: {
    readonly path: string;
    readonly query: v.GenericSchema;
    readonly what: string;
    readonly schema: v.GenericSchema<unknown, Answer>;
    readonly translate: (answer: Answer) => Report;
  },
) {
  return async (input: unknown, ctx?: CallContext): Promise<Report> => {
    // Checked before clientFor: a bad query fails before the key is even looked up.
    const query = toBillingQuery(route.query, input, route.what);
    const answer = await clientFor(ctx).request({ method: 'GET', path: route.path, query, schema: route.schema });
    return route.translate(answer);
  };
}

export function billingApi(clientFor: ClientFor): BillingApi {
  const pods = billingCall(clientFor, {
    path: 'billing/pods',
    query: PodBillingQuerySchema,
    what: 'pod billing query',
    schema: ListPodBillingSchema,
    translate: toPodBilling,
  });
  const spend = billingCall(clientFor, {
    path: 'billing/pods',
    query: PodSpendQuerySchema,
    what: 'pod spend query',
    schema: ListPodBillingSchema,
    translate: toPodBilling,
  });
  return {
    pods,
    serverless: billingCall(clientFor, {
      path: 'billing/serverless',
      query: ServerlessBillingQuerySchema,
      what: 'serverless billing query',
      schema: ListServerlessBillingSchema,
      translate: toServerlessBilling,
    }),
    networkVolumes: billingCall(clientFor, {
      path: 'billing/network-volumes',
      query: NetworkVolumeBillingQuerySchema,
      what: 'network volume billing query',
      schema: ListNetworkVolumeBillingSchema,
      translate: toNetworkVolumeBilling,
    }),
    publicEndpoints: billingCall(clientFor, {
      path: 'billing/endpoints',
      query: BillingQuerySchema,
      what: 'public endpoint billing query',
      schema: ListPublicEndpointBillingSchema,
      translate: toPublicEndpointBilling,
    }),
    account: billingCall(clientFor, {
      path: 'billing',
      query: BillingQuerySchema,
      what: 'billing query',
      schema: ListBillingSchema,
      translate: toAccountBilling,
    }),
    totalUsd: async (query, ctx) => {
      // Anything but an object is left for the schema to refuse, naming what was wrong.
      const withBuckets =
        query === null || typeof query !== 'object' ? query : { ...query, bucketSize: query.bucketSize ?? 'hour' };
      return (await spend(withBuckets, ctx)).totalUsd;
    },
  };
}
