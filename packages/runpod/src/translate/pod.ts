import type { Compute, ComputePort, ComputeStatus, GpuId } from '@atlas/core';
import { declareSecrets, envSecrets, type GpuMap, lazyRaw, scrubRaw, toCanonicalGpu } from '@atlas/core/provider';
import { isRuntimePort, type Pod, type PodStatus, type RuntimePort } from '../api/pods.js';
import { PROVIDER_ID } from '../settings.js';

const STATUS: Readonly<Record<PodStatus, ComputeStatus>> = {
  PROVISIONING: 'provisioning',
  STARTING: 'provisioning',
  RUNNING: 'running',
  EXITED: 'stopped',
  ERROR: 'failed',
  TERMINATED: 'terminated',
};

const ISO_DATE_START = /^\d{4}-\d{2}-\d{2}T/;

export function toComputeStatus(status: PodStatus): ComputeStatus {
  return STATUS[status];
}

type MutableCompute = { -readonly [K in keyof Compute]: Compute[K] };

/**
 * A native pod as an Atlas Compute. `raw` is the pod with its env values scrubbed, computed on
 * first read (a list of thousands is mostly never asked for it); the pod is kept as parsed. The
 * env values (ATLAS_PRESHARED_KEY among them) are declared as the compute's secrets, read on first
 * ask too: a process that adopts a pod it never spawned learns them only here.
 */
export function podToCompute(pod: Pod, gpuMap: GpuMap): Compute {
  const livePorts = readablePorts(pod.runtime?.ports);
  const gpu = pod.gpu;
  // Built field by field, in the order callers see (and JSON prints), without a spread per field.
  const compute = {
    id: pod.id,
    provider: PROVIDER_ID,
    status: toComputeStatus(pod.status),
    name: pod.name,
  } as MutableCompute;
  if (typeof pod.image === 'string' && pod.image !== '') compute.image = pod.image;
  if (gpu) {
    const gpuType = canonicalGpu(gpuMap, gpu.id) ?? gpu.id;
    compute.gpuType = gpuType;
  }
  compute.gpuCount = gpu ? (gpu.count ?? 1) : 0;
  const cpu = pod.cpu;
  if (cpu) {
    compute.vcpus = cpu.vcpuCount;
    if (typeof cpu.memory === 'number') compute.memoryGb = cpu.memory;
  }
  const publicIp = livePorts ? firstIp(livePorts) : undefined;
  if (publicIp !== undefined) compute.publicIp = publicIp;
  compute.ports = toPorts(pod.id, pod.ports, livePorts);
  if (typeof pod.cost === 'number' && pod.cost >= 0) compute.costPerHour = pod.cost;
  if (typeof pod.dataCenterId === 'string' && pod.dataCenterId !== '') compute.region = pod.dataCenterId;
  if (isIsoDate(pod.createdAt)) compute.createdAt = pod.createdAt;
  return declareSecrets(
    lazyRaw(compute, () => scrubRaw(pod)),
    () => envSecrets(pod.env),
  );
}

/** The live mappings that can be read; the others are skipped (they stay in `raw`). */
function readablePorts(live: readonly unknown[] | null | undefined): readonly RuntimePort[] | undefined {
  if (!live) return undefined;
  // The usual list has no odd entry: hand it back as it is.
  return live.every(isRuntimePort) ? live : live.filter(isRuntimePort);
}

function firstIp(live: readonly RuntimePort[]): string | undefined {
  for (const port of live) if (typeof port.ip === 'string' && port.ip !== '') return port.ip;
  return undefined;
}

/**
 * Declared ports ("8000/http") joined with the live mappings in `runtime.ports`: http ports go
 * through RunPod's proxy, tcp ports are reached on the host's public ip and mapped port.
 */
function toPorts(
  id: string,
  declared: readonly string[] | null | undefined,
  live: readonly RuntimePort[] | null | undefined,
): ComputePort[] {
  const ports: ComputePort[] = [];
  if (!declared) return ports;
  for (const spec of declared) {
    const slash = spec.indexOf('/');
    const internal = Number(slash === -1 ? spec : spec.slice(0, slash));
    if (!Number.isInteger(internal) || internal < 1 || internal > 65535) continue;
    // Only the text up to a second slash names the protocol, as `split('/')[1]` did.
    const protocolText = slash === -1 ? 'http' : spec.slice(slash + 1).split('/', 1)[0];
    if (protocolText?.toLowerCase() === 'tcp') ports.push(tcpPort(internal, live));
    else ports.push({ internal, protocol: 'http', url: `https://${id}-${internal}.proxy.runpod.net` });
  }
  return ports;
}

function tcpPort(internal: number, live: readonly RuntimePort[] | null | undefined): ComputePort {
  const mapping = live?.find((p) => p.private === internal && (p.type ?? 'tcp').toLowerCase() === 'tcp');
  const external = mapping?.public;
  if (mapping === undefined || external === undefined || external === null) return { internal, protocol: 'tcp' };
  const ip = mapping.ip;
  return ip === undefined || ip === null
    ? { internal, external, protocol: 'tcp' }
    : { internal, external, protocol: 'tcp', url: `tcp://${ip}:${external}` };
}

/** core's toCanonicalGpu scans the whole map; a list repeats a handful of GPU ids, so remember each answer. */
const canonicalCache = new WeakMap<GpuMap, Map<string, GpuId | undefined>>();

function canonicalGpu(gpuMap: GpuMap, native: string): GpuId | undefined {
  let known = canonicalCache.get(gpuMap);
  if (known === undefined) {
    known = new Map();
    canonicalCache.set(gpuMap, known);
  }
  if (known.has(native)) return known.get(native);
  const canonical = toCanonicalGpu(gpuMap, native);
  // Native ids are a short, fixed vocabulary; the cap only guards against a provider inventing many.
  if (known.size < 256) known.set(native, canonical);
  return canonical;
}

function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE_START.test(value) && !Number.isNaN(Date.parse(value));
}
