import type { CallContext, HttpClient } from '@atlas/core';
import {
  type CreateFileSystemInput,
  CreateFileSystemSchema,
  DeleteFileSystemSchema,
  type FileSystem,
  ListFileSystemsSchema,
} from '../api/file-systems.js';

/** Persistent filesystems: mount one at spawn with `networkVolumeId: fs.id` (same region only). */
export interface FileSystemsApi {
  list(ctx?: CallContext): Promise<FileSystem[]>;
  create(input: CreateFileSystemInput, ctx?: CallContext): Promise<FileSystem>;
  /** Lambda refuses while an instance mounts it (`conflict`). */
  delete(id: string, ctx?: CallContext): Promise<void>;
}

export const fileSystemOps = {
  list: async (client: HttpClient) =>
    (await client.request({ method: 'GET', path: 'file-systems', schema: ListFileSystemsSchema })).data,
  // Note the path: Lambda creates and deletes under `filesystems`, lists under `file-systems`.
  create: async (client: HttpClient, input: CreateFileSystemInput) =>
    (
      await client.request({
        method: 'POST',
        path: 'filesystems',
        json: { name: input.name, region: input.region },
        schema: CreateFileSystemSchema,
      })
    ).data,
  delete: async (client: HttpClient, id: string) => {
    await client.request({
      method: 'DELETE',
      path: `filesystems/${encodeURIComponent(id)}`,
      schema: DeleteFileSystemSchema,
    });
  },
};
