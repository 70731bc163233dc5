import * as v from 'valibot';

/** Every success answer of the Lambda Cloud API wraps its payload: `{ "data": ... }`. */
export function dataOf<T extends v.GenericSchema>(schema: T) {
  return v.looseObject({ data: schema });
}

/** Lambda's region object (`Region`): the code is what launch takes as `region_name`. */
export const RegionSchema = v.looseObject({ name: v.string(), description: v.optional(v.string()) });
export type Region = v.InferOutput<typeof RegionSchema>;
