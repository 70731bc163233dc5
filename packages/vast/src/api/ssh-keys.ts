import * as v from 'valibot';

/** An account SSH key (`/api/v0/ssh/`). The key text is public; ids are numbers. */
export const SshKeySchema = v.looseObject({
  id: v.number(),
  public_key: v.optional(v.nullable(v.string())),
  ssh_key: v.optional(v.nullable(v.string())),
  created_at: v.optional(v.nullable(v.unknown())),
});
export type SshKey = v.InferOutput<typeof SshKeySchema>;

export const SshKeyListSchema = v.array(SshKeySchema);

/** `POST /api/v0/ssh/` answers the new key under `key`. */
export const CreateSshKeyResponseSchema = v.looseObject({ key: SshKeySchema });
