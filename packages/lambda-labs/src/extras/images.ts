import type { CallContext } from '@atlas/core';
import { type Image, ListImagesSchema } from '../api/images.js';
import { lambdaHttp } from '../http.js';

/** The OS images a VM can boot (`providerOptions: { image: { family: 'lambda-stack-24-04' } }`). */
export async function listImages(ctx: CallContext): Promise<Image[]> {
  return (await lambdaHttp(ctx).request({ method: 'GET', path: 'images', schema: ListImagesSchema })).data;
}
