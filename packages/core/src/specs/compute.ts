import * as v from 'valibot';
import type { GpuId } from '../catalog/gpu-ids.js';
import { type GpuMap, nativeGpuIds } from '../catalog/gpu-map.js';
import {
  GpuIdSchema,
  IsoDateSchema,
  objectMessage,
  PositiveIntSchema,
  ProviderOptionsSchema,
  plainObject,
} from './common.js';
import { ResourceIdSchema } from './resource-id.js';

export const COMPUTE_STATUSES = ['provisioning', 'running', 'stopped', 'terminated', 'failed'] as const;
export type ComputeStatus = (typeof COMPUTE_STATUSES)[number];
export const ComputeStatusSchema = v.picklist(COMPUTE_STATUSES);

export const CLOUD_TYPES = ['secure', 'community', 'any'] as const;
export type CloudType = (typeof CLOUD_TYPES)[number];

export const AUTH_MODES = ['none', 'bearer', 'signed_url'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

export const PORT_PROTOCOLS = ['http', 'tcp'] as const;
export type PortProtocol = (typeof PORT_PROTOCOLS)[number];

const PortNumberSchema = v.pipe(
  v.number('must be a number'),
  v.integer('must be an integer'),
  v.minValue(1, 'must be between 1 and 65535'),
  v.maxValue(65535, 'must be between 1 and 65535'),
);

export const PortRequestSchema = v.strictObject(
  {
    port: PortNumberSchema,
    protocol: v.optional(v.picklist(PORT_PROTOCOLS, 'must be "http" or "tcp"'), 'http'),
  },
  objectMessage,
);

/**
 * Upper bounds on what a request may carry. Clouds document few limits of their own, so these are
 * set well above any real use and far below what would hurt: an 8 MB image name or `volumeGb: 1e300`
 * is refused here instead of being sent.
 */
export const REQUEST_LIMITS = {
  imageLength: 1024,
  volumeGb: 100_000,
  containerDiskGb: 10_000,
  ports: 64,
  regionHints: 64,
  envVars: 512,
  envValueLength: 32 * 1024,
  /** setTimeout's ceiling: a longer TTL would fire at once. */
  idleTtlMs: 2_147_483_647,
} as const;

/** Env names as shells accept them; values must be strings (no silent `String(obj)`). */
const EnvSchema = v.pipe(
  plainObject<Record<string, string>>(),
  v.record(
    v.pipe(
      v.string(),
      v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'env names must match [A-Za-z_][A-Za-z0-9_]*'),
      v.maxLength(256, 'env names must be at most 256 characters'),
    ),
    v.pipe(
      v.string('env values must be strings'),
      v.maxLength(
        REQUEST_LIMITS.envValueLength,
        `env values must be at most ${REQUEST_LIMITS.envValueLength} characters`,
      ),
    ),
  ),
  v.check(
    (env) => Object.keys(env).length <= REQUEST_LIMITS.envVars,
    `must hold at most ${REQUEST_LIMITS.envVars} variables`,
  ),
);

const NonEmptyStringSchema = v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'));

/**
 * A CPU-only machine: how many vCPUs, optionally how much memory, or a provider's own flavor id
 * (`cpu3c`, `cpu_4x_general`) when the caller knows it.
 */
export const CpuRequestSchema = v.strictObject(
  {
    vcpus: v.pipe(PositiveIntSchema, v.maxValue(512, 'must be at most 512')),
    memoryGb: v.optional(v.pipe(PositiveIntSchema, v.maxValue(4096, 'must be at most 4096'))),
    flavor: v.optional(ResourceIdSchema),
  },
  objectMessage,
);
export type CpuRequest = v.InferOutput<typeof CpuRequestSchema>;

/** What a caller asks for: GPUs (`gpu`) or a CPU machine (`cpu`), never neither. Validated before any network call; unknown fields are rejected. */
export const ComputeRequestSchema = v.pipe(
  v.strictObject(
    {
      gpu: v.optional(GpuIdSchema),
      cpu: v.optional(CpuRequestSchema),
      gpuCount: v.optional(v.pipe(PositiveIntSchema, v.maxValue(16, 'must be at most 16')), 1),
      image: v.optional(
        v.pipe(
          v.string('must be a string'),
          v.trim(),
          v.nonEmpty('must not be empty'),
          v.maxLength(REQUEST_LIMITS.imageLength, `must be at most ${REQUEST_LIMITS.imageLength} characters`),
        ),
      ),
      cloudType: v.optional(v.picklist(CLOUD_TYPES, 'must be one of secure, community, any')),
      spot: v.optional(v.boolean('must be a boolean')),
      regionHints: v.optional(
        v.pipe(
          v.array(v.pipe(NonEmptyStringSchema, v.maxLength(128, 'must be at most 128 characters')), 'must be an array'),
          v.maxLength(REQUEST_LIMITS.regionHints, `must hold at most ${REQUEST_LIMITS.regionHints} regions`),
        ),
      ),
      ports: v.optional(
        v.pipe(
          v.array(PortRequestSchema, 'must be an array'),
          v.maxLength(REQUEST_LIMITS.ports, `must hold at most ${REQUEST_LIMITS.ports} ports`),
        ),
        [],
      ),
      env: v.optional(EnvSchema, {}),
      volumeGb: v.optional(
        v.pipe(
          v.number('must be a number'),
          v.integer('must be an integer'),
          v.minValue(0, 'must be >= 0'),
          v.maxValue(REQUEST_LIMITS.volumeGb, `must be at most ${REQUEST_LIMITS.volumeGb}`),
        ),
      ),
      containerDiskGb: v.optional(
        v.pipe(
          PositiveIntSchema,
          v.maxValue(REQUEST_LIMITS.containerDiskGb, `must be at most ${REQUEST_LIMITS.containerDiskGb}`),
        ),
      ),
      networkVolumeId: v.optional(ResourceIdSchema),
      name: v.optional(v.pipe(NonEmptyStringSchema, v.maxLength(191, 'must be at most 191 characters'))),
      templateId: v.optional(ResourceIdSchema),
      auth: v.optional(v.picklist(AUTH_MODES, 'must be one of none, bearer, signed_url'), 'none'),
      idleTtlMs: v.optional(
        v.pipe(PositiveIntSchema, v.maxValue(REQUEST_LIMITS.idleTtlMs, `must be at most ${REQUEST_LIMITS.idleTtlMs}`)),
      ),
      providerOptions: v.optional(ProviderOptionsSchema),
    },
    objectMessage,
  ),
  v.forward(
    v.partialCheck(
      [['gpu'], ['cpu']],
      (input) => (input.gpu === undefined) !== (input.cpu === undefined),
      'ask for either GPUs (gpu) or a CPU machine (cpu): exactly one of them',
    ),
    ['gpu'],
  ),
  v.forward(
    v.partialCheck(
      [['image'], ['templateId']],
      (input) => input.image !== undefined || input.templateId !== undefined,
      'an image is required unless a templateId is given',
    ),
    ['image'],
  ),
  v.forward(
    v.check(
      (input) => new Set(input.ports.map((p) => p.port)).size === input.ports.length,
      'each port may appear only once',
    ),
    ['ports'],
  ),
);

/** What callers write (defaults optional). */
export type ComputeRequestInput = v.InferInput<typeof ComputeRequestSchema>;
/** What providers receive: validated, with defaults filled in. */
export type ComputeRequest = v.InferOutput<typeof ComputeRequestSchema>;
export type PortRequest = v.InferOutput<typeof PortRequestSchema>;

export const ComputePortSchema = v.object({
  internal: PortNumberSchema,
  external: v.optional(PortNumberSchema),
  protocol: v.picklist(PORT_PROTOCOLS),
  url: v.optional(v.string()),
});
export type ComputePort = v.InferOutput<typeof ComputePortSchema>;

/**
 * Returned once, by the spawn that minted it: `token` is shown nowhere else. Persist `hash`
 * (verify later with verifyToken), hand `header` to the client that calls the compute.
 */
export const AuthHandleSchema = v.object({
  scheme: v.literal('bearer'),
  token: v.string(),
  hash: v.string(),
  header: v.string(),
  env: v.record(v.string(), v.string()),
});
export type AuthHandle = v.InferOutput<typeof AuthHandleSchema>;

/** A machine as every provider reports it. `raw` is the provider's response, scrubbed. */
export const ComputeSchema = v.object({
  id: v.pipe(v.string(), v.nonEmpty()),
  provider: v.pipe(v.string(), v.nonEmpty()),
  status: ComputeStatusSchema,
  name: v.optional(v.string()),
  image: v.optional(v.string()),
  gpuType: v.optional(GpuIdSchema),
  /** 0 for a CPU machine. */
  gpuCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** What a CPU machine got (and a GPU machine's host, where the provider says). */
  vcpus: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  memoryGb: v.optional(v.pipe(v.number(), v.minValue(0))),
  publicIp: v.optional(v.string()),
  ports: v.array(ComputePortSchema),
  costPerHour: v.optional(v.pipe(v.number(), v.minValue(0))),
  region: v.optional(v.string()),
  auth: v.optional(AuthHandleSchema),
  createdAt: v.optional(IsoDateSchema),
  raw: v.unknown(),
});
export type Compute = v.InferOutput<typeof ComputeSchema>;

/** Filters for listCompute. Every provider honours at least name, namePrefix and status. */
export const ComputeFilterSchema = v.strictObject(
  {
    name: v.optional(v.pipe(v.string('must be a string'), v.maxLength(191, 'must be at most 191 characters'))),
    namePrefix: v.optional(v.pipe(v.string('must be a string'), v.maxLength(191, 'must be at most 191 characters'))),
    status: v.optional(
      v.union(
        [ComputeStatusSchema, v.array(ComputeStatusSchema)],
        `must be a compute status (${COMPUTE_STATUSES.join(', ')}) or an array of them`,
      ),
    ),
    gpu: v.optional(GpuIdSchema),
    region: v.optional(v.pipe(v.string('must be a string'), v.maxLength(128, 'must be at most 128 characters'))),
  },
  objectMessage,
);
export type ComputeFilter = v.InferOutput<typeof ComputeFilterSchema>;

/**
 * Client-side filtering, for providers whose API cannot filter (shared so they agree). Pass the
 * provider's gpuMap to let a generic GPU filter match specific models: with it, `gpu: 'h100'` also
 * matches a compute reporting `h100_sxm`, because every native id of h100_sxm is one of h100's.
 */
export function matchesComputeFilter(compute: Compute, filter: ComputeFilter = {}, gpuMap?: GpuMap): boolean {
  if (filter.name !== undefined && compute.name !== filter.name) return false;
  if (filter.namePrefix !== undefined && !(compute.name ?? '').startsWith(filter.namePrefix)) return false;
  if (filter.status !== undefined) {
    const wanted = Array.isArray(filter.status) ? filter.status : [filter.status];
    if (!wanted.includes(compute.status)) return false;
  }
  if (filter.gpu !== undefined && !gpuMatches(filter.gpu, compute.gpuType, gpuMap)) return false;
  if (filter.region !== undefined && compute.region !== filter.region) return false;
  return true;
}

function gpuMatches(wanted: GpuId, actual: GpuId | undefined, gpuMap: GpuMap | undefined): boolean {
  if (actual === undefined) return false;
  if (actual === wanted) return true;
  if (gpuMap === undefined) return false;
  const wantedNatives = new Set(nativeGpuIds(gpuMap, wanted).map((id) => id.toLowerCase()));
  const actualNatives = nativeGpuIds(gpuMap, actual);
  return actualNatives.length > 0 && actualNatives.every((id) => wantedNatives.has(id.toLowerCase()));
}
