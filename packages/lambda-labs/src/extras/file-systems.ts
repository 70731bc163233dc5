import type { CallContext } from '@atlas/core';
import {
  type CreateFileSystemInput,
  CreateFileSystemSchema,
  DeleteFileSystemSchema,
  type FileSystem,
  ListFileSystemsSchema,
} from '../api/file-systems.js';
import { lambdaHttp } from '../http.js';

/** Persistent filesystems: mount one at spawn with `networkVolumeId: fs.id` (same region only). */
export interface FileSystemsApi {
  list(ctx?: CallContext): Promise<FileSystem[]>;
  create(input: CreateFileSystemInput, ctx?: CallContext): Promise<FileSystem>;
  /** Lambda refuses while an instance mounts it (`conflict`). */
  delete(id: string, ctx?: CallContext): Promise<void>;
}

export async function listFileSystems(ctx: CallContext): Promise<FileSystem[]> {
  return (await lambdaHttp(ctx).request({ method: 'GET', path: 'file-systems', schema: ListFileSystemsSchema })).data;
}

// Note the paths: Lambda creates and deletes under `filesystems`, lists under `file-systems`.
export async function createFileSystem(input: CreateFileSystemInput, ctx: CallContext): Promise<FileSystem> {
  const { data } = await lambdaHttp(ctx).request({
    method: 'POST',
    path: 'filesystems',
    json: { name: input.name, region: input.region },
    schema: CreateFileSystemSchema,
  });
  return data;
}

export async function deleteFileSystem(id: string, ctx: CallContext): Promise<void> {
  await lambdaHttp(ctx).request({
    method: 'DELETE',
    path: `filesystems/${encodeURIComponent(id)}`,
    schema: DeleteFileSystemSchema,
  });
}
