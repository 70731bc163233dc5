import type { CloudType, Compute, ComputeStatus, GpuId, PortRequest } from '@atlas/core';
import { declareSecrets, scrubRaw } from '@atlas/core/provider';

/** What the mock remembers about a compute. Status is derived from `state`, `since` and the clock. */
export interface ComputeRecord {
  readonly id: string;
  readonly name: string | undefined;
  readonly image: string | undefined;
  readonly templateId: string | undefined;
  /** The canonical GPU; undefined for a CPU machine. */
  readonly gpu: GpuId | undefined;
  /** The native GPU id or CPU flavor id. */
  readonly nativeType: string;
  /** 0 for a CPU machine. */
  readonly gpuCount: number;
  /** For a CPU machine: what its flavor gives. */
  readonly vcpus?: number;
  readonly memoryGb?: number;
  readonly cloudType: Exclude<CloudType, 'any'>;
  readonly spot: boolean;
  readonly region: string;
  readonly ports: readonly PortRequest[];
  readonly env: Readonly<Record<string, string>>;
  readonly costPerHour: number;
  readonly createdAt: number;
  /** `provisioning` turns into `running` once provisioningMs have passed since `since`. */
  state: ComputeStatus;
  since: number;
  /** Every status set so far, oldest first: the source of the compute's log lines. */
  readonly history: { readonly at: number; readonly state: ComputeStatus }[];
}

/** Moves a compute to a status now, and remembers it for the logs. */
export function transition(record: ComputeRecord, state: ComputeStatus, at: number): void {
  record.state = state;
  record.since = at;
  record.history.push({ at, state });
}

export function computeStatus(record: ComputeRecord, now: number, provisioningMs: number): ComputeStatus {
  if (record.state === 'provisioning' && now - record.since >= provisioningMs) return 'running';
  return record.state;
}

/** A stable address in TEST-NET-3 (RFC 5737), so nothing real is ever reachable through the mock. */
function publicIpFor(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return `203.0.113.${(hash % 254) + 1}`;
}

/**
 * The normalized view, plus a `raw` shaped like a cloud's own record (scrubbed of env values). The
 * env values are declared as the compute's secrets, as a cloud's provider declares those it reads.
 */
export function toCompute(record: ComputeRecord, status: ComputeStatus, provider: string): Compute {
  return declareSecrets(view(record, status, provider), () => Object.values(record.env));
}

function view(record: ComputeRecord, status: ComputeStatus, provider: string): Compute {
  const publicIp = status === 'running' ? publicIpFor(record.id) : undefined;
  const ports = record.ports.map((port) =>
    port.protocol === 'http'
      ? { internal: port.port, protocol: 'http' as const, url: `https://${record.id}-${port.port}.proxy.mock.invalid` }
      : { internal: port.port, protocol: 'tcp' as const, ...(publicIp === undefined ? {} : { external: port.port }) },
  );
  const createdAt = new Date(record.createdAt).toISOString();
  return {
    id: record.id,
    provider,
    status,
    ...(record.name === undefined ? {} : { name: record.name }),
    ...(record.image === undefined ? {} : { image: record.image }),
    ...(record.gpu === undefined ? {} : { gpuType: record.gpu }),
    gpuCount: record.gpuCount,
    ...(record.vcpus === undefined ? {} : { vcpus: record.vcpus }),
    ...(record.memoryGb === undefined ? {} : { memoryGb: record.memoryGb }),
    ...(publicIp === undefined ? {} : { publicIp }),
    ports,
    costPerHour: record.costPerHour,
    region: record.region,
    createdAt,
    raw: scrubRaw({
      id: record.id,
      name: record.name ?? null,
      desiredStatus: status.toUpperCase(),
      imageName: record.image ?? null,
      templateId: record.templateId ?? null,
      ...(record.gpu === undefined
        ? { computeType: 'CPU', cpuFlavorId: record.nativeType, vcpuCount: record.vcpus }
        : { gpuTypeId: record.nativeType }),
      gpuCount: record.gpuCount,
      cloudType: record.cloudType.toUpperCase(),
      interruptible: record.spot,
      costPerHr: record.costPerHour,
      ports: record.ports.map((port) => `${port.port}/${port.protocol}`),
      env: record.env,
      machine: { region: record.region, publicIp: publicIp ?? null },
      createdAt,
    }),
  };
}
