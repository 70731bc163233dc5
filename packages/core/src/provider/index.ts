/**
 * `@atlas/core/provider`: what a provider author builds on. `defineProvider` wraps plain operations
 * in the boundary every provider shares; `createProviderHttp` gives them core's HTTP client with
 * the key resolved per call. Applications import from `@atlas/core` instead.
 */
export { type ApiKeySources, readEnv, resolveApiKey } from '../api-key.js';
export { bearerHandle } from '../auth/token.js';
export { defineGpuMap, type GpuMap, nativeGpuIds, toCanonicalGpu, toNativeGpu } from '../catalog/gpu-map.js';
export { declareSecrets } from '../errors/compute-secrets.js';
export {
  classifyError,
  DEFAULT_ERROR_RULES,
  type ErrorFacts,
  type ErrorRule,
  matchErrorRule,
  type StatusMatch,
} from '../errors/error-rules.js';
export type { ExtractedErrorBody } from '../errors/extract-body.js';
export {
  errorFromResponse,
  extractErrorBody,
  kindForStatus,
  parseRetryAfter,
  type ResponseLike,
} from '../errors/from-response.js';
export {
  holdSecrets,
  REDACTED,
  redactText,
  redactUrl,
  registerSecret,
  registerSecretEnv,
  scrubRaw,
  secretRegistryStats,
} from '../errors/redact.js';
export { MAX_RETAINED } from '../errors/retained.js';
export {
  type HeadersLike,
  parseRateLimit,
  parseRateLimitReset,
  retryAfterFromHeaders,
} from '../errors/retry-after.js';
export { guardCall, toAtlasError } from '../errors/to-atlas-error.js';
export {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpMethod,
  type HttpRequest,
  type QueryValue,
} from '../http/client.js';
export { sleep } from '../http/sleep.js';
export { CAPABILITY_METHODS } from '../provider.js';
export { matchesComputeFilter } from '../specs/compute.js';
export { InstantSchema, MAX_EPOCH_MS } from '../specs/instant.js';
export { parseComputeRequest, parseJobRef, parseJobRequest, parseWith } from '../specs/parse.js';
export { idProblem, MAX_ID_LENGTH, ResourceIdSchema } from '../specs/resource-id.js';
export { isRfc3339 } from '../specs/rfc3339.js';
export { createStubProvider, type StubProviderOptions } from '../stub-provider.js';
export {
  CREATE_MARKER_ENV,
  type CreateOnceOptions,
  createOnce,
  isAmbiguousCreateFailure,
  newCreateMarker,
} from './ambiguous-create.js';
export type { BoundaryTarget, ProviderOperations } from './boundary.js';
export { parseId } from './boundary.js';
export {
  type DefinedProvider,
  defineProvider,
  type ProviderDefinition,
  type ProviderKit,
  type ProviderSettings,
} from './define-provider.js';
export { envSecrets } from './env-secrets.js';
export { guardStream } from './guard-stream.js';
export { lazyRaw } from './lazy-raw.js';
export { createProviderHttp, type ProviderHttpOptions } from './provider-http.js';
export {
  applyProviderOptions,
  assertProviderOptions,
  deepMergeOptions,
  ownedOptionIssues,
  type ProviderOptionsRules,
} from './provider-options.js';
export {
  type Fields,
  isArrayOf,
  isNullish,
  isNumber,
  isOptional,
  isPlainObject,
  isString,
} from './shape-checks.js';
