import { lazyRaw, scrubRaw } from '@atlas/core/provider';
import type {
  BillingBucketSize,
  ListBilling,
  ListNetworkVolumeBilling,
  ListPodBilling,
  ListPublicEndpointBilling,
  ListServerlessBilling,
} from '../api/billing.js';

/** One time bucket of a RunPod bill. */
export interface BillingRecord {
  /** Start of the bucket, inclusive (RFC 3339, as RunPod sent it). */
  readonly from: string;
  /** End of the bucket, exclusive. */
  readonly to: string;
  /** What the bucket cost, in USD (RunPod's `totalAmount`). */
  readonly amountUsd: number;
  /** The record as RunPod sent it, computed on first read. */
  readonly raw: unknown;
}

/** A pod's cost in one bucket (`GET /v2/billing/pods`). */
export interface PodBillingRecord extends BillingRecord {
  readonly podId: string;
  readonly gpuUsd: number;
  readonly cpuUsd: number;
  readonly diskUsd: number;
}

/** A serverless endpoint's cost in one bucket (`GET /v2/billing/serverless`). */
export interface ServerlessBillingRecord extends BillingRecord {
  /** The serverless endpoint (RunPod's `serverlessId`), as `runpod.endpoints` and JobRef name it. */
  readonly endpointId: string;
  readonly gpuUsd: number;
  readonly cpuUsd: number;
  readonly diskUsd: number;
  /** RunPod's serverless platform fee. */
  readonly feeUsd: number;
}

/** A network volume's cost in one bucket (`GET /v2/billing/network-volumes`). */
export interface NetworkVolumeBillingRecord extends BillingRecord {
  readonly networkVolumeId: string;
  readonly standardUsd: number;
  readonly highPerformanceUsd: number;
}

/** The whole account's cost in one bucket (`GET /v2/billing`), by resource family; finer components are in `raw`. */
export interface AccountBillingRecord extends BillingRecord {
  readonly podsUsd: number;
  readonly serverlessUsd: number;
  readonly networkVolumesUsd: number;
  /** RunPod's public endpoints (hosted models), not your serverless endpoints. */
  readonly publicEndpointsUsd: number;
  readonly clustersUsd: number;
}

/** A bill: its records and the window they cover. */
export interface BillingReport<Item extends BillingRecord> {
  /**
   * The window RunPod billed (`metadata.query`), which can be wider than the one asked for:
   * RunPod snaps `from` down and `to` up to whole buckets.
   */
  readonly from: string;
  readonly to: string;
  readonly bucketSize: BillingBucketSize;
  /** The sum of the records' `amountUsd`. */
  readonly totalUsd: number;
  readonly records: readonly Item[];
  /** The whole answer as RunPod sent it, computed on first read. */
  readonly raw: unknown;
}

type NativeList = { readonly records: readonly object[]; readonly metadata: ListBilling['metadata'] };
type NativeRecord<List extends NativeList> = List['records'][number];

/** The fields every record shares, `raw` lazily (a year of hourly buckets is mostly never asked for it). */
function baseRecord<Fields extends object>(
  native: { startTime: string; endTime: string; totalAmount: number },
  fields: Fields,
): Fields & BillingRecord {
  const record = { from: native.startTime, to: native.endTime, amountUsd: native.totalAmount, ...fields };
  return lazyRaw<Fields & BillingRecord>(record as Omit<Fields & BillingRecord, 'raw'>, () => scrubRaw(native));
}

function toReport<List extends NativeList, Item extends BillingRecord>(
  answer: List,
  toRecord: (native: NativeRecord<List>) => Item,
): BillingReport<Item> {
  const records = answer.records.map((native) => toRecord(native as NativeRecord<List>));
  const { query } = answer.metadata;
  return lazyRaw<BillingReport<Item>>(
    {
      from: query.startTime,
      to: query.endTime,
      bucketSize: query.bucketSize,
      totalUsd: records.reduce((sum, record) => sum + record.amountUsd, 0),
      records,
    },
    () => scrubRaw(answer),
  );
}

export const toPodBilling = (answer: ListPodBilling): BillingReport<PodBillingRecord> =>
  toReport(answer, (native) =>
    baseRecord(native, {
      podId: native.podId,
      gpuUsd: native.gpuAmount,
      cpuUsd: native.cpuAmount,
      diskUsd: native.diskAmount,
    }),
  );

export const toServerlessBilling = (answer: ListServerlessBilling): BillingReport<ServerlessBillingRecord> =>
  toReport(answer, (native) =>
    baseRecord(native, {
      endpointId: native.serverlessId,
      gpuUsd: native.gpuAmount,
      cpuUsd: native.cpuAmount,
      diskUsd: native.diskAmount,
      feeUsd: native.feeAmount,
    }),
  );

export const toNetworkVolumeBilling = (answer: ListNetworkVolumeBilling): BillingReport<NetworkVolumeBillingRecord> =>
  toReport(answer, (native) =>
    baseRecord(native, {
      networkVolumeId: native.networkVolumeId,
      standardUsd: native.standardAmount,
      highPerformanceUsd: native.highPerformanceAmount,
    }),
  );

export const toPublicEndpointBilling = (answer: ListPublicEndpointBilling): BillingReport<BillingRecord> =>
  toReport(answer, (native) => baseRecord(native, {}));

export const toAccountBilling = (answer: ListBilling): BillingReport<AccountBillingRecord> =>
  toReport(answer, (native) =>
    baseRecord(native, {
      podsUsd: native.podGpuAmount + native.podCpuAmount + native.podDiskAmount,
      serverlessUsd:
        native.serverlessGpuAmount +
        native.serverlessCpuAmount +
        native.serverlessDiskAmount +
        native.serverlessFeeAmount,
      networkVolumesUsd: native.storageStandardAmount + native.storageHighPerformanceAmount,
      publicEndpointsUsd: native.endpointAmount,
      clustersUsd: native.clusterGpuAmount + native.clusterDiskAmount + native.clusterNetworkingAmount,
    }),
  );
