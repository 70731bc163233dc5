import type { HttpClient } from '@atlas/core';
import { type Image, ListImagesSchema } from '../api/images.js';

/** The OS images a VM can boot (`providerOptions: { image: { family: 'lambda-stack-24-04' } }`). */
export async function listImages(client: HttpClient): Promise<Image[]> {
  return (await client.request({ method: 'GET', path: 'images', schema: ListImagesSchema })).data;
}
