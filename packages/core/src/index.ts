/**
 * `@atlas/core`: what an application uses. createAtlas and the top-level functions, the provider
 * contract's types, the normalized specs, errors, the GPU catalog, tokens and signed URLs.
 * Provider authors build on `@atlas/core/provider`; test doubles share `@atlas/core/testing`.
 */
export { type Atlas, type AtlasOptions, type CallOptions, createAtlas } from './atlas.js';
export { constantTimeEqual, fromBase64Url, toBase64Url } from './auth/encoding.js';
export {
  MAX_SIGNED_URL_EXPIRES_IN,
  SIGNED_URL_EXPIRES_PARAM,
  SIGNED_URL_SIGNATURE_PARAM,
  type SignedUrlStatus,
  type SignUrlOptions,
  signUrl,
  type VerifySignedUrlOptions,
  verifySignedUrl,
} from './auth/signed-url.js';
export { hashToken, mintToken, PRESHARED_KEY_ENV, verifyToken } from './auth/token.js';
export { CAPABILITIES, type Capability, isCapability } from './capabilities.js';
export { GPU_CATALOG, type GpuId, type GpuInfo, gpuInfo, isKnownGpuId, type KnownGpuId } from './catalog/gpu-ids.js';
export { AtlasError, type AtlasErrorOptions, type AtlasIssue, isAtlasError } from './errors/atlas-error.js';
export { computeSecrets } from './errors/compute-secrets.js';
export { ERROR_KINDS, type ErrorKind, RETRYABLE_KINDS } from './errors/error-kind.js';
export type {
  CallEndEvent,
  CallStartEvent,
  HttpAttemptFailedEvent,
  HttpHooks,
  HttpRequestEvent,
  HttpResponseEvent,
  HttpRetryEvent,
  RetryOptions,
} from './http/events.js';
export type { CallContext, LogOptions, Provider } from './provider.js';
export { GpuIdSchema, ProviderOptionsSchema } from './specs/common.js';
export {
  AUTH_MODES,
  type AuthHandle,
  AuthHandleSchema,
  type AuthMode,
  CLOUD_TYPES,
  type CloudType,
  COMPUTE_STATUSES,
  type Compute,
  type ComputeFilter,
  ComputeFilterSchema,
  type ComputePort,
  ComputePortSchema,
  type ComputeRequest,
  type ComputeRequestInput,
  ComputeRequestSchema,
  ComputeSchema,
  type ComputeStatus,
  ComputeStatusSchema,
  type CpuRequest,
  CpuRequestSchema,
  PORT_PROTOCOLS,
  type PortProtocol,
  type PortRequest,
  PortRequestSchema,
  REQUEST_LIMITS,
} from './specs/compute.js';
export { type CpuType, CpuTypeSchema } from './specs/cpu-type.js';
export { type GpuType, GpuTypeSchema, STOCK_LEVELS, type StockLevel } from './specs/gpu-type.js';
export {
  isTerminalJobStatus,
  JOB_STATUSES,
  type Job,
  type JobChunk,
  JobChunkSchema,
  type JobRef,
  JobRefSchema,
  type JobRequest,
  type JobRequestInput,
  JobRequestSchema,
  JobSchema,
  type JobStatus,
  JobStatusSchema,
  TERMINAL_JOB_STATUSES,
} from './specs/job.js';
export {
  cancelJob,
  getCompute,
  getJob,
  listCompute,
  listCpuTypes,
  listGpuTypes,
  logs,
  runJob,
  spawnCompute,
  start,
  stop,
  streamJob,
  terminate,
  type WithProvider,
} from './top-level.js';
export { VERSION } from './version.js';
