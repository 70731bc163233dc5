import type { Compute, GpuType, Job } from '@atlas/core';
import type { Colors } from './colors.js';
import { renderFields } from './table.js';

export function money(value: number | undefined): string {
  return value === undefined ? '-' : `$${value.toFixed(2)}`;
}

export function statusText(status: string, color: Colors): string {
  if (status === 'running' || status === 'completed') return color.green(status);
  if (status === 'failed' || status === 'terminated' || status === 'timed_out') return color.red(status);
  if (status === 'stopped' || status === 'cancelled') return color.yellow(status);
  return color.cyan(status);
}

export function gpuText(compute: Compute): string {
  return compute.gpuType === undefined ? '-' : `${compute.gpuType} x${compute.gpuCount}`;
}

/** One line per port: `8000/http  https://...`. */
export function portLines(compute: Compute): string[] {
  return compute.ports.map(
    (p) => `${p.internal}/${p.protocol}${p.url ? `  ${p.url}` : p.external ? `  -> ${p.external}` : ''}`,
  );
}

/** Key-value view of one compute; `auth` is printed by spawn alone, where the token is shown once. */
export function renderCompute(compute: Compute, color: Colors): string {
  const ports = portLines(compute);
  return renderFields(
    [
      ['id', color.bold(compute.id)],
      ['provider', compute.provider],
      ['status', statusText(compute.status, color)],
      ['name', compute.name],
      ['gpu', gpuText(compute)],
      ['image', compute.image],
      ['region', compute.region],
      ['cost', compute.costPerHour === undefined ? undefined : `${money(compute.costPerHour)}/h`],
      ['public ip', compute.publicIp],
      ['ports', ports.length === 0 ? undefined : ports.join('\n')],
      ['created', compute.createdAt],
    ],
    color,
  );
}

export function renderJob(job: Job, color: Colors): string {
  return renderFields(
    [
      ['id', color.bold(job.id)],
      ['endpoint', job.endpoint],
      ['provider', job.provider],
      ['status', statusText(job.status, color)],
      ['delay', job.delayTimeMs === undefined ? undefined : `${job.delayTimeMs}ms`],
      ['execution', job.executionTimeMs === undefined ? undefined : `${job.executionTimeMs}ms`],
      ['error', job.error],
      ['output', job.output === undefined ? undefined : JSON.stringify(job.output)],
    ],
    color,
  );
}

export function cheapestPrice(gpu: GpuType): number {
  const prices = [gpu.pricePerHour.secure, gpu.pricePerHour.community, gpu.pricePerHour.spot].filter(
    (p): p is number => p !== undefined,
  );
  return prices.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...prices);
}
