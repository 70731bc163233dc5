import { type Compute, type ComputePort, type ComputeStatus, type GpuMap, scrubRaw, toCanonicalGpu } from '@atlas/core';
import type { Pod, PodStatus } from '../api/pods.js';
import { PROVIDER_ID } from '../settings.js';

const STATUS: Readonly<Record<PodStatus, ComputeStatus>> = {
  PROVISIONING: 'provisioning',
  STARTING: 'provisioning',
  RUNNING: 'running',
  EXITED: 'stopped',
  ERROR: 'failed',
  TERMINATED: 'terminated',
};

export function toComputeStatus(status: PodStatus): ComputeStatus {
  return STATUS[status];
}

/** A native pod as an Atlas Compute. `raw` is the pod with its env values scrubbed. */
export function podToCompute(pod: Pod, gpuMap: GpuMap): Compute {
  const ports = toPorts(pod);
  const publicIp = pod.runtime?.ports?.find((p) => typeof p.ip === 'string' && p.ip !== '')?.ip ?? undefined;
  const gpuType = pod.gpu ? (toCanonicalGpu(gpuMap, pod.gpu.id) ?? pod.gpu.id) : undefined;
  return {
    id: pod.id,
    provider: PROVIDER_ID,
    status: toComputeStatus(pod.status),
    name: pod.name,
    ...(typeof pod.image === 'string' && pod.image !== '' ? { image: pod.image } : {}),
    ...(gpuType === undefined ? {} : { gpuType }),
    gpuCount: pod.gpu ? (pod.gpu.count ?? 1) : 0,
    ...(publicIp === undefined || publicIp === null ? {} : { publicIp }),
    ports,
    ...(typeof pod.cost === 'number' && pod.cost >= 0 ? { costPerHour: pod.cost } : {}),
    ...(typeof pod.dataCenterId === 'string' && pod.dataCenterId !== '' ? { region: pod.dataCenterId } : {}),
    ...(isIsoDate(pod.createdAt) ? { createdAt: pod.createdAt } : {}),
    raw: scrubRaw(pod),
  };
}

/**
 * Declared ports ("8000/http") joined with the live mappings in `runtime.ports`: http ports go
 * through RunPod's proxy, tcp ports are reached on the host's public ip and mapped port.
 */
function toPorts(pod: Pod): ComputePort[] {
  const live = pod.runtime?.ports ?? [];
  return (pod.ports ?? []).flatMap((spec): ComputePort[] => {
    const [portText, protocolText = 'http'] = spec.split('/');
    const internal = Number(portText);
    if (!Number.isInteger(internal) || internal < 1 || internal > 65535) return [];
    if (protocolText.toLowerCase() === 'tcp') {
      const mapping = live.find((p) => p.private === internal && (p.type ?? 'tcp').toLowerCase() === 'tcp');
      const external = mapping?.public ?? undefined;
      if (mapping === undefined || external === undefined || external === null) return [{ internal, protocol: 'tcp' }];
      const ip = mapping.ip ?? undefined;
      return [
        { internal, external, protocol: 'tcp', ...(ip === undefined || ip === null ? {} : { url: `tcp://${ip}:${external}` }) },
      ];
    }
    return [{ internal, protocol: 'http', url: `https://${pod.id}-${internal}.proxy.runpod.net` }];
  });
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value);
}
