import type { CallContext } from '@atlas/core';
import {
  type CreateNetworkVolumeInput,
  ListNetworkVolumesSchema,
  NetworkVolumeSchema,
  type RunPodNetworkVolume,
} from '../api/network-volumes.js';
import { guard } from '../guard.js';
import type { ClientFor } from './client-factory.js';

const path = (id: string) => `network-volumes/${encodeURIComponent(id)}`;

/** Network volumes on REST v2 (`/v2/network-volumes`); attach one with spawnCompute's networkVolumeId. */
export interface NetworkVolumesApi {
  list(ctx?: CallContext): Promise<RunPodNetworkVolume[]>;
  get(id: string, ctx?: CallContext): Promise<RunPodNetworkVolume>;
  create(input: CreateNetworkVolumeInput, ctx?: CallContext): Promise<RunPodNetworkVolume>;
  delete(id: string, ctx?: CallContext): Promise<void>;
}

export function networkVolumesApi(clientFor: ClientFor): NetworkVolumesApi {
  return {
    list: (ctx) =>
      guard(async () => {
        const answer = await clientFor(ctx).request({ method: 'GET', path: 'network-volumes', schema: ListNetworkVolumesSchema });
        return answer.networkVolumes;
      }),
    get: (id, ctx) => guard(() => clientFor(ctx).request({ method: 'GET', path: path(id), schema: NetworkVolumeSchema })),
    create: (input, ctx) =>
      guard(() => clientFor(ctx).request({ method: 'POST', path: 'network-volumes', json: input, schema: NetworkVolumeSchema })),
    delete: (id, ctx) =>
      guard(async () => {
        await clientFor(ctx).request({ method: 'DELETE', path: path(id), responseType: 'none' });
      }),
  };
}
