import { AtlasError, type AtlasIssue, type ComputeRequest, PRESHARED_KEY_ENV } from '@atlas/core';
import { assertProviderOptions, CREATE_MARKER_ENV } from '@atlas/core/provider';
import { assertNoIssues } from '../invalid-input.js';
import { PROVIDER_ID } from '../settings.js';

/** RunPod's floor for host-local persistent storage. */
export const MIN_PERSISTENT_GB = 10;

/**
 * The `POST /v2/pods` body fields the contract owns: providerOptions setting one is a validation
 * error. The injected env names are owned whether or not this spawn injects them.
 */
export const OWNED_OPTIONS = [
  'name',
  'image',
  'gpu.id',
  'gpu.count',
  'cpu.id',
  'cpu.vcpuCount',
  'ports',
  `env.${PRESHARED_KEY_ENV}`,
  `env.${CREATE_MARKER_ENV}`,
] as const;

/**
 * What only RunPod refuses, on a request core already validated: run by the boundary before any
 * request, so a refused spawn costs no round trip (and no key).
 */
export function checkRequest(request: ComputeRequest): void {
  if (request.spot === true) {
    throw new AtlasError({
      kind: 'unsupported',
      provider: PROVIDER_ID,
      message: 'runpod: spot pods are no longer offered by RunPod; spawn without `spot: true`.',
      issues: [{ path: 'spot', message: 'not offered by RunPod' }],
    });
  }
  if (request.auth === 'signed_url') {
    throw new AtlasError({
      kind: 'unsupported',
      provider: PROVIDER_ID,
      message:
        "runpod: RunPod's proxy cannot check signed URLs; use auth 'bearer', or sign URLs yourself with signUrl from @atlas/core.",
      issues: [{ path: 'auth', message: "'signed_url' is not supported by RunPod" }],
    });
  }
  if (request.cpu !== undefined && request.cloudType === 'community') {
    throw new AtlasError({
      kind: 'unsupported',
      provider: PROVIDER_ID,
      message: "runpod: CPU pods run on RunPod's secure cloud only; spawn with cloudType 'secure' or 'any'.",
      issues: [{ path: 'cloudType', message: 'RunPod has no community CPU pods' }],
    });
  }
  assertProviderOptions(request.providerOptions, { provider: PROVIDER_ID, owned: OWNED_OPTIONS });
  assertNoIssues('compute request', requestIssues(request));
}

function requestIssues(request: ComputeRequest): AtlasIssue[] {
  const issues: AtlasIssue[] = [];
  // Exactly one of gpu and cpu goes in the body: providerOptions cannot add the other.
  const otherMachine = request.cpu === undefined ? 'cpu' : 'gpu';
  if (request.providerOptions?.[otherMachine] !== undefined) {
    issues.push({
      path: `providerOptions.${otherMachine}`,
      message: `a ${request.cpu === undefined ? 'GPU' : 'CPU'} pod takes no ${otherMachine} block`,
    });
  }
  if (request.env[CREATE_MARKER_ENV] !== undefined) {
    issues.push({
      path: `env.${CREATE_MARKER_ENV}`,
      message: 'is set by Atlas to find the pod after an ambiguous create',
    });
  }
  const nativeEnv = request.providerOptions?.env;
  if (nativeEnv !== undefined && !isStringMap(nativeEnv)) {
    issues.push({ path: 'providerOptions.env', message: "must be a map of strings (prefer the request's own env)" });
  }
  const volumeGb = request.volumeGb ?? 0;
  if (request.cpu !== undefined && volumeGb > 0) {
    issues.push({
      path: 'volumeGb',
      message: 'RunPod CPU pods take no persistent volume; use containerDiskGb or a network volume',
    });
  } else if (request.networkVolumeId !== undefined && volumeGb > 0) {
    issues.push({
      path: 'volumeGb',
      message: 'RunPod mounts either a persistent volume or a network volume, not both',
    });
  } else if (volumeGb > 0 && volumeGb < MIN_PERSISTENT_GB) {
    issues.push({ path: 'volumeGb', message: `must be 0 or at least ${MIN_PERSISTENT_GB} on RunPod` });
  }
  return issues;
}

function isStringMap(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => typeof item === 'string')
  );
}
