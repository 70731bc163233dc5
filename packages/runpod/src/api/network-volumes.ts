import * as v from 'valibot';

/** `NetworkVolume` from `/v2/network-volumes`. */
export const NetworkVolumeSchema = v.looseObject({
  id: v.pipe(v.string(), v.nonEmpty()),
  name: v.string(),
  size: v.number(),
  dataCenter: v.string(),
  type: v.optional(v.string()),
});
export type RunPodNetworkVolume = v.InferOutput<typeof NetworkVolumeSchema>;

/** `CreateNetworkVolumeRequest`: size in GB, 10 to 4096. */
export interface CreateNetworkVolumeInput {
  name: string;
  size: number;
  dataCenter: string;
  type?: 'STANDARD' | 'HIGH_PERFORMANCE';
}
