import { createRunPod } from './runpod-provider.js';

export type { BillingBucketSize } from './api/billing.js';
export type { DataCenter } from './api/catalog.js';
export type { CreateEndpointInput, EndpointScaling, RunPodEndpoint, UpdateEndpointInput } from './api/endpoints.js';
export type { EndpointHealth, PurgeQueueResult } from './api/jobs.js';
export type { CreateNetworkVolumeInput, RunPodNetworkVolume } from './api/network-volumes.js';
export type { CreateTemplateInput, RunPodTemplate } from './api/templates.js';
export type { BillingApi } from './extras/billing.js';
export type {
  BillingQuery,
  NetworkVolumeBillingQuery,
  PodBillingQuery,
  PodSpendQuery,
  ServerlessBillingQuery,
} from './extras/billing-query.js';
export type { DataCenterOptions } from './extras/data-centers.js';
export type { EndpointsApi } from './extras/endpoints.js';
export type { PodLogOptions } from './extras/logs.js';
export type { NetworkVolumesApi } from './extras/network-volumes.js';
export type { TemplatesApi } from './extras/templates.js';
export { RUNPOD_GPU_MAP } from './gpu-map.js';
export { createRunPod, RUNPOD_CAPABILITIES, type RunPodExtras, type RunPodProvider } from './runpod-provider.js';
export type { RunPodSettings } from './settings.js';
export type {
  AccountBillingRecord,
  BillingRecord,
  BillingReport,
  NetworkVolumeBillingRecord,
  PodBillingRecord,
  ServerlessBillingRecord,
} from './translate/billing.js';
export { VERSION } from './version.js';

/** The default instance: settings from nothing, the key from RUNPOD_API_KEY at call time. */
export const runpod = createRunPod();
