import type { Compute, ComputeStatus } from '@atlas/core';
import { declareSecrets, envSecrets, scrubRaw } from '@atlas/core/provider';
import type { Instance } from '../api/instances.js';
import { canonicalGpu } from '../gpu-map.js';
import { PROVIDER_ID } from '../settings.js';
import { decodeLabel } from './label.js';
import { PORTS_ENV, requestedPorts, toComputePorts } from './ports.js';

/**
 * Vast's container status as Atlas's. `null`/`loading` (image pull), `rebooting` and a start that
 * waits for the host's GPU (stopped, intended running: "Scheduling" in the UI) are provisioning;
 * `frozen` (paused, memory kept) is stopped; `exited`, `unknown` and `offline` never come back
 * to running (the spec says destroy and retry), so they are failed.
 */
export function statusOf(instance: Pick<Instance, 'actual_status' | 'intended_status'>): ComputeStatus {
  const actual = instance.actual_status ?? null;
  switch (actual) {
    case null:
    case 'loading':
    case 'created':
    case 'rebooting':
    case 'scheduling':
      return 'provisioning';
    case 'running':
      return 'running';
    case 'stopped':
      return instance.intended_status === 'running' ? 'provisioning' : 'stopped';
    case 'frozen':
      return 'stopped';
    case 'destroyed':
      return 'terminated';
    default:
      return 'failed';
  }
}

/** extra_env as name -> value: `[name, value]` pairs (what the API sends) or `NAME=value` strings (the spec's form). */
export function envOf(instance: Pick<Instance, 'extra_env'>): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of instance.extra_env ?? []) {
    if (Array.isArray(entry) && typeof entry[0] === 'string') env.set(entry[0], String(entry[1] ?? ''));
    else if (typeof entry === 'string' && entry.includes('=')) {
      const at = entry.indexOf('=');
      env.set(entry.slice(0, at), entry.slice(at + 1));
    }
  }
  return env;
}

/**
 * What `raw` may show of an instance: everything but `extra_env` (the env values, the bearer
 * token) and `jupyter_token`, then scrubbed of every registered secret.
 */
export function rawOf(instance: Instance): unknown {
  const { extra_env: _env, jupyter_token: _jupyter, ...rest } = instance as Instance & { jupyter_token?: unknown };
  return scrubRaw(rest);
}

function nonEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * The instance's secrets as read from its body: every `extra_env` value (the bearer token among
 * them) but the two Atlas put there to be read (its ports, its create marker), and the Jupyter
 * token. Declared on the Compute, so a process that adopts an instance it never rented learns them.
 */
function instanceSecrets(instance: Instance): unknown[] {
  return [...envSecrets(envOf(instance), [PORTS_ENV]), (instance as { jupyter_token?: unknown }).jupyter_token];
}

export function instanceToCompute(instance: Instance): Compute {
  const publicIp = nonEmpty(instance.public_ipaddr);
  const { name } = decodeLabel(instance.label);
  const gpuName = nonEmpty(instance.gpu_name);
  const gpuType = gpuName === undefined ? undefined : canonicalGpu(gpuName, instance.gpu_ram ?? undefined);
  const image = nonEmpty(instance.image_uuid);
  const region = nonEmpty(instance.geolocation);
  const cost = instance.dph_total;
  const started = instance.start_date;
  const compute: Compute = {
    id: String(instance.id),
    provider: PROVIDER_ID,
    status: statusOf(instance),
    ...(name === undefined ? {} : { name }),
    ...(image === undefined ? {} : { image }),
    ...(gpuType === undefined ? {} : { gpuType }),
    gpuCount: instance.num_gpus ?? 0,
    ...(publicIp === undefined ? {} : { publicIp }),
    ports: toComputePorts(requestedPorts(envOf(instance)), instance.ports, publicIp),
    ...(typeof cost === 'number' && cost >= 0 ? { costPerHour: cost } : {}),
    ...(region === undefined ? {} : { region }),
    ...(typeof started === 'number' && started > 0 ? { createdAt: new Date(started * 1000).toISOString() } : {}),
    raw: rawOf(instance),
  };
  return declareSecrets(compute, () => instanceSecrets(instance));
}
