export { resolveApiKey, readEnv, type ApiKeySources } from './api-key.js';
export { createAtlas, type Atlas, type AtlasOptions, type CallOptions } from './atlas.js';
export {
  SIGNED_URL_EXPIRES_PARAM,
  SIGNED_URL_SIGNATURE_PARAM,
  signUrl,
  verifySignedUrl,
  type SignedUrlStatus,
  type SignUrlOptions,
  type VerifySignedUrlOptions,
} from './auth/signed-url.js';
export { hashToken, mintToken, verifyToken, PRESHARED_KEY_ENV } from './auth/token.js';
export { CAPABILITIES, isCapability, type Capability } from './capabilities.js';
export { GPU_CATALOG, gpuInfo, isKnownGpuId, type GpuId, type GpuInfo, type KnownGpuId } from './catalog/gpu-ids.js';
export { defineGpuMap, nativeGpuIds, toCanonicalGpu, toNativeGpu, type GpuMap } from './catalog/gpu-map.js';
export { AtlasError, isAtlasError, type AtlasErrorOptions, type AtlasIssue } from './errors/atlas-error.js';
export { ERROR_KINDS, RETRYABLE_KINDS, type ErrorKind } from './errors/error-kind.js';
export { errorFromResponse, extractErrorBody, kindForStatus, parseRetryAfter, type ResponseLike } from './errors/from-response.js';
export { REDACTED, redactText, redactUrl, registerSecret, scrubRaw } from './errors/redact.js';
export { guardCall, toAtlasError } from './errors/to-atlas-error.js';
export type { Fault, FaultInjector, FaultOperation } from './fault-injection.js';
export {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequest,
  type QueryValue,
} from './http/client.js';
export { sleep } from './http/sleep.js';
export type { HttpHooks, HttpRequestEvent, HttpResponseEvent, HttpRetryEvent, RetryOptions } from './http/events.js';
export { CAPABILITY_METHODS, type CallContext, type LogOptions, type Provider } from './provider.js';
export { GpuIdSchema, ProviderOptionsSchema } from './specs/common.js';
export {
  AUTH_MODES,
  AuthHandleSchema,
  CLOUD_TYPES,
  COMPUTE_STATUSES,
  ComputeFilterSchema,
  ComputePortSchema,
  ComputeRequestSchema,
  ComputeSchema,
  ComputeStatusSchema,
  matchesComputeFilter,
  PORT_PROTOCOLS,
  PortRequestSchema,
  type AuthHandle,
  type AuthMode,
  type CloudType,
  type Compute,
  type ComputeFilter,
  type ComputePort,
  type ComputeRequest,
  type ComputeRequestInput,
  type ComputeStatus,
  type PortProtocol,
  type PortRequest,
} from './specs/compute.js';
export { GpuTypeSchema, STOCK_LEVELS, type GpuType, type StockLevel } from './specs/gpu-type.js';
export {
  isTerminalJobStatus,
  JOB_STATUSES,
  JobChunkSchema,
  JobRefSchema,
  JobRequestSchema,
  JobSchema,
  JobStatusSchema,
  TERMINAL_JOB_STATUSES,
  type Job,
  type JobChunk,
  type JobRef,
  type JobRequest,
  type JobRequestInput,
  type JobStatus,
} from './specs/job.js';
export { parseComputeRequest, parseJobRef, parseJobRequest, parseWith } from './specs/parse.js';
export { createStubProvider, type StubProviderOptions } from './stub-provider.js';
export {
  cancelJob,
  getCompute,
  getJob,
  listCompute,
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
