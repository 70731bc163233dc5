import * as v from 'valibot';

/** Docker-style port map of a running instance: `{"8000/tcp": [{"HostIp": "0.0.0.0", "HostPort": "41234"}]}`. */
const PortBindingSchema = v.looseObject({ HostIp: v.optional(v.string()), HostPort: v.optional(v.string()) });
const PortMapSchema = v.record(v.string(), v.nullable(v.array(PortBindingSchema)));

/**
 * An instance as `GET /api/v0/instances/{id}/` and `GET /api/v1/instances/` return it. The spec's
 * `Instance` claims `ports: array<integer>` and `extra_env: array<string>`; clients read a
 * Docker-style map and `[name, value]` pairs (NOTES.md), so both forms are accepted here.
 */
export const InstanceSchema = v.looseObject({
  id: v.number(),
  actual_status: v.optional(v.nullable(v.string())),
  intended_status: v.optional(v.nullable(v.string())),
  cur_state: v.optional(v.nullable(v.string())),
  label: v.optional(v.nullable(v.string())),
  image_uuid: v.optional(v.nullable(v.string())),
  extra_env: v.optional(v.nullable(v.array(v.unknown()))),
  public_ipaddr: v.optional(v.nullable(v.string())),
  ssh_host: v.optional(v.nullable(v.string())),
  ssh_port: v.optional(v.nullable(v.number())),
  gpu_name: v.optional(v.nullable(v.string())),
  gpu_ram: v.optional(v.nullable(v.number())),
  num_gpus: v.optional(v.nullable(v.number())),
  dph_total: v.optional(v.nullable(v.number())),
  is_bid: v.optional(v.nullable(v.boolean())),
  start_date: v.optional(v.nullable(v.number())),
  geolocation: v.optional(v.nullable(v.string())),
  ports: v.optional(v.nullable(v.union([PortMapSchema, v.array(v.unknown())]))),
});
export type Instance = v.InferOutput<typeof InstanceSchema>;

/** `GET /api/v0/instances/{id}/`: one object under the plural key; `null` when the id is not ours. */
export const ShowInstanceResponseSchema = v.looseObject({ instances: v.nullable(InstanceSchema) });

/** `GET /api/v1/instances/`: keyset pages of at most 25. */
export const ListInstancesResponseSchema = v.looseObject({
  instances: v.array(InstanceSchema),
  next_token: v.optional(v.nullable(v.string())),
});

/**
 * `PUT /api/v0/asks/{id}/` (accept an ask). `env` goes in the object form Vast's clients send:
 * names to values, port maps as `"-p 8000:8000": "1"` (the spec's string form is what the CLI
 * parses into this object before sending).
 */
export interface CreateInstanceBody {
  /** Native fields from providerOptions.ask (use_jupyter_lab, volume_info, ...). */
  readonly [field: string]: unknown;
  readonly image?: string;
  readonly template_hash_id?: string;
  readonly label: string;
  readonly disk: number;
  readonly env: Readonly<Record<string, string>>;
  readonly runtype: string;
  readonly price?: number;
  readonly target_state: 'running';
  readonly cancel_unavail: boolean;
  readonly onstart?: string;
  readonly args?: readonly string[];
  readonly image_login?: string;
}

/** `instance_api_key` is a credential for the new instance: read `new_contract`, keep nothing else. */
export const CreateInstanceResponseSchema = v.looseObject({
  success: v.optional(v.boolean()),
  new_contract: v.number(),
});

/** `PUT /api/v0/instances/{id}/` (manage): a state change or a label. */
export type ManageInstanceBody = { readonly state: 'running' | 'stopped' } | { readonly label: string };

/** Manage, destroy and reboot answer `{success}`; legacy hosts say `{success: false, msg}` with a 200. */
export const SuccessResponseSchema = v.looseObject({
  success: v.optional(v.boolean()),
  error: v.optional(v.string()),
  msg: v.optional(v.string()),
});
