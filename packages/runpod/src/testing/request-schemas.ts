import { any, arr, bool, type Check, int, nullable, num, obj, record, str } from './body-checks.js';

/** Request bodies of openapi-v2.json and serverless-openapi.yaml, restated with body-checks. */

const CUDA = /^\d+\.\d+$/;
const cloud = str({ enum: ['SECURE', 'COMMUNITY'] });
const persistentMount = obj({ size: int({ minimum: 10 }), path: str() }, { required: ['size', 'path'], closed: true });
const networkMount = obj({ volumeId: str(), path: str() }, { required: ['volumeId', 'path'], closed: true });
const mounts = obj({ persistent: persistentMount, network: arr(networkMount, { maxItems: 1 }) }, { closed: true });

/** BaseContainerConfig + ContainerConfig. */
const containerConfig: Readonly<Record<string, Check>> = {
  args: str(),
  disk: int({ minimum: 1 }),
  env: record(str()),
  image: str(),
  ports: arr(str()),
  registry: nullable(str()),
};

/** `if not templateId then image required`. */
function imageUnlessTemplate(value: Record<string, unknown>, path: string, errors: string[]): void {
  if (!('templateId' in value) && !('image' in value)) errors.push(`${path}: missing property 'image'`);
}

const createGpuConfig = obj(
  {
    id: str(),
    count: int({ minimum: 1 }),
    allowedCudaVersions: arr(str({ pattern: CUDA })),
    minCudaVersion: str({ pattern: CUDA }),
  },
  { required: ['id'], closed: true },
);
const createCpuConfig = obj(
  { id: str({ minLength: 1 }), vcpuCount: int({ minimum: 2 }) },
  { required: ['id', 'vcpuCount'], closed: true },
);

export const CreatePodRequest = obj(
  {
    ...containerConfig,
    name: str({ minLength: 1 }),
    cloud,
    cpu: createCpuConfig,
    dataCenterIds: arr(str()),
    globalNetworking: bool,
    gpu: createGpuConfig,
    mounts,
    startJupyter: bool,
    startSsh: bool,
    templateId: str({ minLength: 1 }),
  },
  { required: ['name'], closed: true, refine: imageUnlessTemplate },
);

export const UpdatePodRequest = obj(
  { ...containerConfig, globalNetworking: bool, locked: bool, mounts, name: str({ minLength: 1 }), templateId: str() },
  { closed: true },
);

export const PodActionRequest = obj(
  { action: str({ enum: ['start', 'stop', 'restart', 'terminate'] }) },
  { required: ['action'], closed: true },
);

export const CreateTemplateRequest = obj(
  {
    ...containerConfig,
    name: str({ minLength: 1 }),
    allowedCudaVersions: arr(str({ pattern: CUDA })),
    category: str({ enum: ['CPU', 'NVIDIA', 'AMD'] }),
    mounts: obj({ persistent: persistentMount }, { closed: true }),
    public: bool,
    serverless: bool,
    startJupyter: bool,
    startSsh: bool,
  },
  { required: ['name', 'image'], closed: true },
);

export const CreateNetworkVolumeRequest = obj(
  {
    dataCenter: str({ minLength: 1 }),
    name: str({ minLength: 1 }),
    size: int({ minimum: 10, maximum: 4096 }),
    type: str({ enum: ['STANDARD', 'HIGH_PERFORMANCE'] }),
  },
  { required: ['name', 'size', 'dataCenter'], closed: true },
);

const queueDelayScaling = obj(
  { type: str({ enum: ['QUEUE_DELAY'] }), queueDelay: num({ minimum: 0.5 }) },
  { required: ['type', 'queueDelay'], closed: true },
);
const requestCountScaling = obj(
  { type: str({ enum: ['REQUEST_COUNT'] }), requestCount: int({ minimum: 1 }) },
  { required: ['type', 'requestCount'], closed: true },
);

/** EndpointScaling is a oneOf discriminated by `type`. */
const scaling: Check = (value, path, errors) => {
  const type = typeof value === 'object' && value !== null ? (value as Record<string, unknown>).type : undefined;
  if (type === 'REQUEST_COUNT') requestCountScaling(value, path, errors);
  else if (type === 'QUEUE_DELAY') queueDelayScaling(value, path, errors);
  else errors.push(`${path}: must match exactly one of QueueDelayScaling, RequestCountScaling`);
};
const workers = obj(
  { min: int({ minimum: 0 }), max: int({ minimum: 0 }), idleTimeout: int({ minimum: 1, maximum: 3600 }) },
  { closed: true },
);
const endpointGpu = obj(
  {
    pools: arr(str(), { minItems: 1 }),
    excludedTypes: arr(str({ pattern: /^\s*[^-\s]/ }), { uniqueItems: true }),
    count: int({ minimum: 1 }),
    allowedCudaVersions: arr(str({ pattern: CUDA })),
    minCudaVersion: str({ pattern: CUDA }),
  },
  { required: ['pools'], closed: true },
);
const endpointFields: Readonly<Record<string, Check>> = {
  ...containerConfig,
  gpu: endpointGpu,
  name: str({ minLength: 1 }),
  scaling,
  cpu: arr(createCpuConfig, { minItems: 1, uniqueItems: true }),
  dataCenterIds: arr(str()),
  flashboot: str({ enum: ['OFF', 'FLASHBOOT', 'PRIORITY_FLASHBOOT'] }),
  networkVolumes: arr(str()),
  templateId: str({ minLength: 1 }),
  timeout: int(),
  workers,
};

export const CreateEndpointRequest = obj(
  { ...endpointFields, type: str({ enum: ['QUEUE', 'LOAD_BALANCER'] }) },
  {
    required: ['name', 'type', 'scaling'],
    closed: true,
    refine: (value, path, errors) => {
      imageUnlessTemplate(value, path, errors);
      if (value.type === 'LOAD_BALANCER' && value.scaling !== undefined)
        requestCountScaling(value.scaling, `${path}.scaling`, errors);
    },
  },
);

export const UpdateEndpointRequest = obj({ ...endpointFields, templateId: str() }, { closed: true });

/** serverless-openapi.yaml JobRequest (its objects are open: no additionalProperties there). */
export const JobRequest = obj(
  {
    input: any,
    webhook: str(),
    webhookV2: str(),
    policy: obj({
      executionTimeout: int({ minimum: 5000, maximum: 604_800_000 }),
      lowPriority: bool,
      ttl: int({ minimum: 10_000, maximum: 604_800_000 }),
    }),
    s3Config: obj(
      { accessId: str(), accessSecret: str(), bucketName: str(), endpointUrl: str(), objectPath: str() },
      { required: ['accessId', 'accessSecret', 'bucketName', 'endpointUrl'] },
    ),
  },
  { required: ['input'] },
);
