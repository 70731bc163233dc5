import type { CallContext, CpuType, GpuType } from '@atlas/core';
import { type InstanceTypesEntry, InstanceTypesSchema } from '../api/instance-types.js';
import { lambdaHttp } from '../http.js';
import { toCpuType } from '../translate/cpu-type.js';
import { toGpuType } from '../translate/gpu-type.js';

export async function listInstanceTypes(ctx: CallContext): Promise<Record<string, InstanceTypesEntry>> {
  return (await lambdaHttp(ctx).request({ method: 'GET', path: 'instance-types', schema: InstanceTypesSchema })).data;
}

/** `GET /instance-types`: every GPU instance type with its price and the regions that have capacity now. */
export async function listGpuTypes(ctx: CallContext): Promise<GpuType[]> {
  const observedAt = new Date().toISOString();
  return Object.values(await listInstanceTypes(ctx)).flatMap((entry) => toGpuType(entry, observedAt) ?? []);
}

/** The same catalog's CPU-only types (`cpu_4x_general`). */
export async function listCpuTypes(ctx: CallContext): Promise<CpuType[]> {
  const observedAt = new Date().toISOString();
  return Object.values(await listInstanceTypes(ctx)).flatMap((entry) => toCpuType(entry, observedAt) ?? []);
}
