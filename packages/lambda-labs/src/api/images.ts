import * as v from 'valibot';
import { dataOf, RegionSchema } from './envelope.js';

export const ImageSchema = v.looseObject({
  id: v.string(),
  name: v.string(),
  description: v.optional(v.string()),
  family: v.string(),
  version: v.string(),
  architecture: v.string(),
  region: RegionSchema,
  created_time: v.optional(v.string()),
  updated_time: v.optional(v.string()),
});
/** A machine image (`Image`): the OS a VM boots, chosen at spawn with providerOptions `image`. */
export type Image = v.InferOutput<typeof ImageSchema>;

export const ListImagesSchema = dataOf(v.array(ImageSchema));
