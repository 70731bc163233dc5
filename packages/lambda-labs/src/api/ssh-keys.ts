import * as v from 'valibot';
import { dataOf } from './envelope.js';

export const SshKeySchema = v.looseObject({ id: v.string(), name: v.string(), public_key: v.string() });
/** A key as Atlas returns it: Lambda's `SSHKey`. */
export type SshKey = v.InferOutput<typeof SshKeySchema>;

export const ListSshKeysSchema = dataOf(v.array(SshKeySchema));
/** `POST /ssh-keys` answers `GeneratedSSHKey` (with `private_key`) when no public key was sent. */
export const AddSshKeySchema = dataOf(
  v.looseObject({ ...SshKeySchema.entries, private_key: v.optional(v.nullable(v.string())) }),
);

export interface AddSshKeyInput {
  /** 1-64 characters. */
  readonly name: string;
  /** Your OpenSSH public key; omit it and Lambda generates a pair (the private half comes back once). */
  readonly publicKey?: string;
}
