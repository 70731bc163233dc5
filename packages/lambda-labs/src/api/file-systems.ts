import * as v from 'valibot';
import { dataOf, RegionSchema } from './envelope.js';

export const FileSystemSchema = v.looseObject({
  id: v.string(),
  name: v.string(),
  mount_point: v.string(),
  created: v.string(),
  is_in_use: v.boolean(),
  region: RegionSchema,
  bytes_used: v.optional(v.nullable(v.number())),
});
/** A persistent filesystem as Lambda returns it (`Filesystem`), mounted at `/lambda/nfs/<name>` by default. */
export type FileSystem = v.InferOutput<typeof FileSystemSchema>;

export const ListFileSystemsSchema = dataOf(v.array(FileSystemSchema));
export const CreateFileSystemSchema = dataOf(FileSystemSchema);
export const DeleteFileSystemSchema = dataOf(v.looseObject({ deleted_ids: v.array(v.string()) }));

export interface CreateFileSystemInput {
  /** 1-60 characters: a letter first, then letters, digits and '-'. */
  readonly name: string;
  /** A region code such as `us-east-1`; a filesystem mounts only on instances in its region. */
  readonly region: string;
}
