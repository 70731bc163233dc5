import { type ComputeRequest, GPU_CATALOG, isAtlasError, type Provider } from '@atlas/core';
import { parseComputeRequest } from '@atlas/core/provider';
import { UsageError } from '../errors.js';

/** Which flag sets which request field, so a validation error names the flag the user typed. */
const FLAG_FOR_FIELD: Readonly<Record<string, string>> = {
  gpu: '--gpu',
  gpuCount: '--count',
  image: '--image',
  ports: '--port',
  env: '--env',
  name: '--name',
  auth: '--auth',
  regionHints: '--region',
  cloudType: '--cloud',
};

/** A GPU must be one the provider maps (or, without a map, one of the canonical ids). */
export function checkGpu(provider: Provider, gpu: string): string {
  const id = gpu.trim().toLowerCase();
  const known = Object.keys(provider.gpuMap ?? GPU_CATALOG).sort();
  if (!known.includes(id)) {
    throw new UsageError(`--gpu "${gpu}" is not a GPU ${provider.id} offers: allowed are ${known.join(', ')}.`);
  }
  return id;
}

/** Validates before any request; a bad field is a usage error naming its flag. */
export function toComputeRequest(input: Record<string, unknown>, provider: string): ComputeRequest {
  try {
    return parseComputeRequest(input, provider);
  } catch (error) {
    if (!isAtlasError(error) || error.kind !== 'validation') throw error;
    const problems = error.issues.map((issue) => {
      const field = issue.path?.split('.')[0] ?? '';
      return `${FLAG_FOR_FIELD[field] ?? issue.path ?? 'request'}: ${issue.message}`;
    });
    throw new UsageError(`invalid spawn flags: ${problems.join('; ')}`);
  }
}
