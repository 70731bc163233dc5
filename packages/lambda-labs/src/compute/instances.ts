import type { CallContext, Compute, ComputeFilter } from '@atlas/core';
import { type HttpClient, matchesComputeFilter, nativeGpuIds } from '@atlas/core/provider';
import {
  GetInstanceSchema,
  type Instance,
  ListInstancesSchema,
  RestartResponseSchema,
  TerminateResponseSchema,
} from '../api/instances.js';
import { LAMBDA_GPU_MAP } from '../gpu-map.js';
import { lambdaHttp } from '../http.js';
import { instanceToCompute } from '../translate/instance.js';
import { releaseFirewall } from './firewall.js';

const instancePath = (id: string) => `instances/${encodeURIComponent(id)}`;

export async function getInstance(client: HttpClient, id: string): Promise<Instance> {
  return (await client.request({ method: 'GET', path: instancePath(id), schema: GetInstanceSchema })).data;
}

/** `GET /instances`: Lambda lists live instances (a terminated one drops out after a while). */
export async function listInstances(client: HttpClient): Promise<Instance[]> {
  return (await client.request({ method: 'GET', path: 'instances', schema: ListInstancesSchema })).data;
}

export async function getCompute(id: string, ctx: CallContext): Promise<Compute> {
  return instanceToCompute(await getInstance(lambdaHttp(ctx), id));
}

/** Lambda cannot filter, so name, status, gpu and region are matched here. */
export async function listCompute(filter: ComputeFilter, ctx: CallContext): Promise<Compute[]> {
  const { gpu, ...rest } = filter;
  const natives = gpu === undefined ? undefined : new Set(nativeGpuIds(LAMBDA_GPU_MAP, gpu));
  return (await listInstances(lambdaHttp(ctx)))
    .filter((instance) => natives === undefined || natives.has(instance.instance_type.name))
    .map(instanceToCompute)
    .filter((compute) => matchesComputeFilter(compute, rest));
}

/**
 * Terminates, then deletes the instance's own firewall ruleset (best effort: Lambda may hold it
 * until the VM is gone, and the next terminate sweeps it). Safe to repeat, so retried like DELETE;
 * an unknown id answers `global/object-does-not-exist`, which is `not_found`.
 */
export async function terminate(id: string, ctx: CallContext): Promise<void> {
  const client = lambdaHttp(ctx);
  const { data } = await client.request({
    method: 'POST',
    path: 'instance-operations/terminate',
    json: { instance_ids: [id] },
    schema: TerminateResponseSchema,
    idempotent: true,
  });
  const rulesets = data.terminated_instances.flatMap((instance) => instance.firewall_rulesets ?? []);
  await releaseFirewall(
    client,
    rulesets.map((r) => r.id),
  );
}

/** Reboots the VM; the container comes back with it (`--restart unless-stopped`). */
export async function restart(id: string, ctx: CallContext): Promise<Compute> {
  const client = lambdaHttp(ctx);
  const { data } = await client.request({
    method: 'POST',
    path: 'instance-operations/restart',
    json: { instance_ids: [id] },
    schema: RestartResponseSchema,
    idempotent: true,
  });
  const [instance] = data.restarted_instances;
  return instance === undefined ? instanceToCompute(await getInstance(client, id)) : instanceToCompute(instance);
}
