import * as v from 'valibot';
import { dataOf, RegionSchema } from './envelope.js';
import { InstanceTypeSchema } from './instance-types.js';

export const INSTANCE_STATUSES = ['booting', 'active', 'unhealthy', 'terminating', 'terminated', 'preempted'] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

const TagSchema = v.looseObject({ key: v.string(), value: v.string() });
export type Tag = v.InferOutput<typeof TagSchema>;

/**
 * `Instance` in openapi-1.8.3.json. Lenient about fields we do not read (looseObject keeps them
 * for `raw`), strict about the ones we do. `ip` and `hostname` are absent while a VM boots.
 */
export const InstanceSchema = v.looseObject({
  id: v.pipe(v.string(), v.nonEmpty()),
  name: v.optional(v.nullable(v.string())),
  ip: v.optional(v.nullable(v.string())),
  status: v.picklist(INSTANCE_STATUSES),
  ssh_key_names: v.array(v.string()),
  file_system_names: v.array(v.string()),
  region: RegionSchema,
  instance_type: InstanceTypeSchema,
  hostname: v.optional(v.nullable(v.string())),
  tags: v.optional(v.nullable(v.array(TagSchema))),
  firewall_rulesets: v.optional(v.nullable(v.array(v.looseObject({ id: v.string() })))),
});
export type Instance = v.InferOutput<typeof InstanceSchema>;

export const GetInstanceSchema = dataOf(InstanceSchema);
export const ListInstancesSchema = dataOf(v.array(InstanceSchema));
export const LaunchResponseSchema = dataOf(v.looseObject({ instance_ids: v.array(v.string()) }));
export const TerminateResponseSchema = dataOf(v.looseObject({ terminated_instances: v.array(InstanceSchema) }));
export const RestartResponseSchema = dataOf(v.looseObject({ restarted_instances: v.array(InstanceSchema) }));

/** `InstanceLaunchRequest`, the fields Atlas sets. */
export interface LaunchBody {
  region_name: string;
  instance_type_name: string;
  /** Exactly one key: Lambda requires it, even for a VM nobody will SSH into. */
  ssh_key_names: [string];
  name?: string;
  hostname?: string;
  /** cloud-init; carries the env values, so it never goes into a log, an error or `raw`. */
  user_data?: string;
  tags?: Tag[];
  firewall_rulesets?: { id: string }[];
  file_system_names?: string[];
  file_system_mounts?: { mount_point: string; file_system_id: string }[];
  image?: { id: string } | { family: string };
  [providerOption: string]: unknown;
}
