import * as v from 'valibot';

/** `BillingBucketSize`: the length of each time bucket (RunPod's default is `day`). */
export const BILLING_BUCKET_SIZES = ['hour', 'day', 'week', 'month', 'year'] as const;
export type BillingBucketSize = (typeof BILLING_BUCKET_SIZES)[number];

const Amount = v.number();
/** `BillingTimeRange`: a record's bucket, or the query's resolved window; half-open, RFC 3339. */
const TimeRange = { startTime: v.string(), endTime: v.string() };

/**
 * `metadata.query`: the window RunPod resolved (startTime snapped down, endTime up, to whole
 * buckets). The records cover this window, not necessarily the one asked for.
 */
const MetadataSchema = v.looseObject({
  query: v.looseObject({ ...TimeRange, bucketSize: v.picklist(BILLING_BUCKET_SIZES) }),
});

/** The `List*BillingResponse` shape: records plus metadata; extra fields are kept in `raw`. */
function listSchema<const Entries extends v.ObjectEntries>(record: Entries) {
  return v.looseObject({
    records: v.array(v.looseObject({ ...TimeRange, totalAmount: Amount, ...record })),
    metadata: MetadataSchema,
  });
}

/** `GET /v2/billing` (`ListBillingResponse`): every billable resource, per bucket. */
export const ListBillingSchema = listSchema({
  podGpuAmount: Amount,
  podCpuAmount: Amount,
  podDiskAmount: Amount,
  serverlessGpuAmount: Amount,
  serverlessCpuAmount: Amount,
  serverlessDiskAmount: Amount,
  serverlessFeeAmount: Amount,
  storageStandardAmount: Amount,
  storageHighPerformanceAmount: Amount,
  endpointAmount: Amount,
  clusterGpuAmount: Amount,
  clusterDiskAmount: Amount,
  clusterNetworkingAmount: Amount,
});
export type ListBilling = v.InferOutput<typeof ListBillingSchema>;

/** `GET /v2/billing/pods` (`ListPodBillingResponse`): one record per pod per bucket. */
export const ListPodBillingSchema = listSchema({
  podId: v.string(),
  gpuAmount: Amount,
  cpuAmount: Amount,
  diskAmount: Amount,
});
export type ListPodBilling = v.InferOutput<typeof ListPodBillingSchema>;

/** `GET /v2/billing/serverless` (`ListServerlessBillingResponse`): one record per endpoint per bucket. */
export const ListServerlessBillingSchema = listSchema({
  serverlessId: v.string(),
  gpuAmount: Amount,
  cpuAmount: Amount,
  diskAmount: Amount,
  feeAmount: Amount,
});
export type ListServerlessBilling = v.InferOutput<typeof ListServerlessBillingSchema>;

/** `GET /v2/billing/endpoints` (`ListEndpointBillingResponse`): RunPod's public endpoints (hosted models), per bucket. */
export const ListPublicEndpointBillingSchema = listSchema({});
export type ListPublicEndpointBilling = v.InferOutput<typeof ListPublicEndpointBillingSchema>;

/** `GET /v2/billing/network-volumes` (`ListNetworkVolumeBillingResponse`): one record per volume per bucket. */
export const ListNetworkVolumeBillingSchema = listSchema({
  networkVolumeId: v.string(),
  standardAmount: Amount,
  highPerformanceAmount: Amount,
});
export type ListNetworkVolumeBilling = v.InferOutput<typeof ListNetworkVolumeBillingSchema>;
