import * as v from 'valibot';

const AvailabilitySchema = v.picklist(['NONE', 'LOW', 'MEDIUM', 'HIGH']);

/** `GpuType` from `GET /v2/catalog/gpus`. */
export const CatalogGpuSchema = v.looseObject({
  id: v.pipe(v.string(), v.nonEmpty()),
  name: v.string(),
  memory: v.optional(v.nullable(v.number())),
  secure: v.optional(v.boolean()),
  community: v.optional(v.boolean()),
  price: v.looseObject({ secure: v.optional(v.nullable(v.number())), community: v.optional(v.nullable(v.number())) }),
  availability: v.optional(AvailabilitySchema),
});
export type CatalogGpu = v.InferOutput<typeof CatalogGpuSchema>;

export const ListCatalogGpusSchema = v.looseObject({ gpus: v.array(CatalogGpuSchema) });

/** `CpuType` from `GET /v2/catalog/cpus`: a flavor, sized by its vCPU count (powers of two in `vcpu`). */
export const CatalogCpuSchema = v.looseObject({
  id: v.pipe(v.string(), v.nonEmpty()),
  name: v.string(),
  group: v.optional(v.string()),
  vcpu: v.looseObject({ min: v.pipe(v.number(), v.integer()), max: v.pipe(v.number(), v.integer()) }),
  ramGbPerVcpu: v.pipe(v.number(), v.minValue(0)),
  price: v.looseObject({ securePerVcpu: v.pipe(v.number(), v.minValue(0)) }),
  availability: v.optional(AvailabilitySchema),
});
export type CatalogCpu = v.InferOutput<typeof CatalogCpuSchema>;

export const ListCatalogCpusSchema = v.looseObject({ cpus: v.array(CatalogCpuSchema) });

/** `DataCenter` from `GET /v2/catalog/datacenters`. */
export const DataCenterSchema = v.looseObject({
  id: v.pipe(v.string(), v.nonEmpty()),
  name: v.string(),
  region: v.optional(v.string()),
  globalNetwork: v.optional(v.boolean()),
  networkVolumeTypes: v.optional(v.array(v.string())),
  compliance: v.optional(v.array(v.string())),
  gpuAvailability: v.optional(
    v.array(v.looseObject({ id: v.string(), name: v.string(), availability: AvailabilitySchema })),
  ),
});
export type DataCenter = v.InferOutput<typeof DataCenterSchema>;

export const ListDataCentersSchema = v.looseObject({ dataCenters: v.array(DataCenterSchema) });
