import {
  type CreateNetworkVolumeInput,
  NetworkVolumeSchema,
  type RunPodNetworkVolume,
} from '../api/network-volumes.js';
import type { ClientFor } from './client-factory.js';
import { type ResourceApi, restResource } from './rest-resource.js';

/** Network volumes on REST v2 (`/v2/network-volumes`); attach one with spawnCompute's networkVolumeId. */
export type NetworkVolumesApi = ResourceApi<RunPodNetworkVolume, CreateNetworkVolumeInput>;

export function networkVolumesApi(clientFor: ClientFor): NetworkVolumesApi {
  return restResource(clientFor, { path: 'network-volumes', listKey: 'networkVolumes', schema: NetworkVolumeSchema });
}
