import { type Compute, isAtlasError, listCompute, type Provider, spawnCompute } from '@atlas/core';

// Application code, as an app that uses Atlas would write it. docs/testing.md shows how to test it
// with @atlas/mock: no cloud, no key, and every failure on demand.

/** Gives a user a GPU workspace: an H100 when there is one, an A100 80GB otherwise. */
export async function launchWorkspace(provider: Provider, user: string): Promise<Compute> {
  const request = {
    provider,
    image: 'ghcr.io/acme/notebook:1',
    name: `ws-${user}`,
    ports: [{ port: 8888, protocol: 'http' as const }],
    auth: 'bearer' as const,
  };
  try {
    return await spawnCompute({ ...request, gpu: 'h100' });
  } catch (error) {
    if (isAtlasError(error) && error.kind === 'capacity') return spawnCompute({ ...request, gpu: 'a100_80g' });
    throw error;
  }
}

/** Workspaces whose machine died (preempted or crashed), for the app to clean up. */
export async function findDeadWorkspaces(provider: Provider): Promise<Compute[]> {
  return listCompute({ provider, namePrefix: 'ws-', status: 'failed' });
}
