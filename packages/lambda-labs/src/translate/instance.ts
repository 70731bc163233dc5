import type { Compute, ComputePort, ComputeStatus } from '@atlas/core';
import { declareSecrets, scrubRaw, toCanonicalGpu } from '@atlas/core/provider';
import type { Instance, InstanceStatus } from '../api/instances.js';
import { LAMBDA_GPU_MAP } from '../gpu-map.js';
import { PROVIDER_ID } from '../settings.js';
import { decodePorts, IMAGE_TAG, PORTS_TAG, tagValue } from './tags.js';

/**
 * Lambda's statuses in the contract's words. `preempted` (Lambda reclaimed the VM) is `failed`:
 * the machine is gone without the caller asking, which is what a supervisor must react to.
 */
const STATUS: Readonly<Record<InstanceStatus, ComputeStatus>> = {
  booting: 'provisioning',
  active: 'running',
  unhealthy: 'failed',
  terminating: 'terminated',
  terminated: 'terminated',
  preempted: 'failed',
};

export function toComputeStatus(status: InstanceStatus): ComputeStatus {
  return STATUS[status];
}

/**
 * A Lambda instance as an Atlas Compute. Ports come from the `atlas-ports` tag and the VM's public
 * IP: the container runs on the host network and the instance's firewall ruleset opens them, so
 * internal and external ports are the same. `raw` is the instance without its Jupyter token, which
 * is declared as the compute's secret instead. Its env values (and bearer token) cannot be: they
 * live in the cloud-init user_data, which Lambda's API takes and never returns (writeOnly), so a
 * process that adopts a Lambda instance it did not launch cannot learn them.
 */
export function instanceToCompute(instance: Instance): Compute {
  const ip = nonEmpty(instance.ip);
  const image = tagValue(instance.tags, IMAGE_TAG);
  const type = instance.instance_type;
  const compute: Compute = {
    id: instance.id,
    provider: PROVIDER_ID,
    status: toComputeStatus(instance.status),
    ...(nonEmpty(instance.name) === undefined ? {} : { name: instance.name as string }),
    ...(image === undefined ? {} : { image }),
    // A CPU-only type (`cpu_4x_general`) has no GPU to name.
    ...(type.specs.gpus > 0 ? { gpuType: toCanonicalGpu(LAMBDA_GPU_MAP, type.name) ?? type.name } : {}),
    gpuCount: type.specs.gpus,
    ...(type.specs.vcpus > 0 ? { vcpus: type.specs.vcpus } : {}),
    ...(type.specs.memory_gib > 0 ? { memoryGb: type.specs.memory_gib } : {}),
    ...(ip === undefined ? {} : { publicIp: ip }),
    ports: decodePorts(tagValue(instance.tags, PORTS_TAG)).map((p) => toPort(p.port, p.protocol, ip)),
    // 0 only when spawn could not read the instance back and knows no price.
    ...(type.price_cents_per_hour > 0 ? { costPerHour: type.price_cents_per_hour / 100 } : {}),
    region: instance.region.name,
    raw: scrubInstance(instance),
  };
  return declareSecrets(compute, () => [(instance as { jupyter_token?: unknown }).jupyter_token]);
}

function toPort(port: number, protocol: 'http' | 'tcp', ip: string | undefined): ComputePort {
  if (ip === undefined) return { internal: port, protocol };
  const url = protocol === 'http' ? `http://${ip}:${port}` : `tcp://${ip}:${port}`;
  return { internal: port, external: port, protocol, url };
}

/**
 * Lambda returns a Jupyter token (and a URL carrying it) with every instance: a credential to the
 * VM. `raw` keeps neither; env values never come back (they live in user_data, which is write-only).
 */
export function scrubInstance(instance: Instance): unknown {
  const {
    jupyter_token: _token,
    jupyter_url: _url,
    user_data: _userData,
    ...rest
  } = instance as Instance & {
    jupyter_token?: unknown;
    jupyter_url?: unknown;
    user_data?: unknown;
  };
  return scrubRaw(rest);
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
