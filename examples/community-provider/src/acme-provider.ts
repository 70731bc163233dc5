import {
  AtlasError,
  type CallContext,
  type Capability,
  type Compute,
  type ComputeFilter,
  type ComputeRequest,
  createHttpClient,
  type GpuType,
  type HttpClient,
  matchesComputeFilter,
  mintToken,
  parseComputeRequest,
  type Provider,
  resolveApiKey,
} from '@atlas/core';
import { AcmeGpuTypeListSchema, AcmeInstanceListSchema, AcmeInstanceSchema } from './api.js';
import { ACME_GPU_MAP } from './gpu-map.js';
import { ACME, toCompute, toCreateBody, toGpuType } from './translate.js';

export interface AcmeSettings {
  /** Falls back to the ACME_API_KEY environment variable, read at call time. */
  readonly apiKey?: string;
  /** Defaults to Acme's public API; tests point it at a fake on loopback. */
  readonly baseUrl?: string;
}

/** Narrower than Provider: the catalog is always there, so callers need no `?.`. */
export interface AcmeProvider extends Provider {
  listGpuTypes(ctx?: CallContext): Promise<GpuType[]>;
}

export const ACME_API_KEY_ENV = 'ACME_API_KEY';
const DEFAULT_BASE_URL = 'https://api.acme.example/v1/';

/** Honest: exactly what the methods below implement. */
const CAPABILITIES: readonly Capability[] = ['stop_start', 'http_proxy', 'gpu_catalog'];

export function createAcme(settings: AcmeSettings = {}): AcmeProvider {
  // One client per call: the call's context (key, base URL, signal, hooks, retry) shapes it.
  function client(ctx: CallContext = {}): HttpClient {
    const baseUrl = ctx.baseUrl ?? settings.baseUrl ?? DEFAULT_BASE_URL;
    return createHttpClient({
      provider: ACME,
      // ky resolves paths like URLs: without the trailing slash, `instances` would drop `/v1`.
      baseUrl: baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`,
      apiKey: resolveApiKey({ provider: ACME, callKey: ctx.apiKey, settingsKey: settings.apiKey, envVar: ACME_API_KEY_ENV }),
      ...(ctx.idempotencyKey === undefined ? {} : { headers: { 'idempotency-key': ctx.idempotencyKey } }),
      ctx,
    });
  }

  const instancePath = (id: string) => `instances/${encodeURIComponent(id)}`;

  return {
    id: ACME,
    capabilities: CAPABILITIES,
    gpuMap: ACME_GPU_MAP,

    async spawnCompute(input: ComputeRequest, ctx?: CallContext): Promise<Compute> {
      // Core validates on its way in; parsing again covers direct calls (`acme.spawnCompute(...)`),
      // so a bad request or an unknown GPU fails here too, before any network call.
      const request = parseComputeRequest(input, ACME);
      if (request.auth === 'signed_url') {
        throw new AtlasError({ kind: 'unsupported', provider: ACME, message: "acme supports auth 'none' and 'bearer'." });
      }
      const handle = request.auth === 'bearer' ? await mintToken() : undefined;
      const body = toCreateBody(request, { ...request.env, ...handle?.env });
      // A POST is never retried blindly by core's client: a second attempt could rent a second GPU.
      const instance = await client(ctx).request({ method: 'POST', path: 'instances', json: body, schema: AcmeInstanceSchema });
      const compute = toCompute(instance);
      return handle === undefined ? compute : { ...compute, auth: handle };
    },

    async getCompute(id: string, ctx?: CallContext): Promise<Compute> {
      return toCompute(await client(ctx).request({ method: 'GET', path: instancePath(id), schema: AcmeInstanceSchema }));
    },

    async listCompute(filter: ComputeFilter = {}, ctx?: CallContext): Promise<Compute[]> {
      // Acme's list cannot filter, so filter here with core's helper: every provider agrees on the meaning.
      const { instances } = await client(ctx).request({ method: 'GET', path: 'instances', schema: AcmeInstanceListSchema });
      return instances.map(toCompute).filter((compute) => matchesComputeFilter(compute, filter));
    },

    async stop(id: string, ctx?: CallContext): Promise<void> {
      await client(ctx).request({ method: 'POST', path: `${instancePath(id)}/stop`, idempotent: true, responseType: 'none' });
    },

    async start(id: string, ctx?: CallContext): Promise<void> {
      await client(ctx).request({ method: 'POST', path: `${instancePath(id)}/start`, idempotent: true, responseType: 'none' });
    },

    async terminate(id: string, ctx?: CallContext): Promise<void> {
      await client(ctx).request({ method: 'DELETE', path: instancePath(id), responseType: 'none' });
    },

    async listGpuTypes(ctx?: CallContext): Promise<GpuType[]> {
      const { gpu_types } = await client(ctx).request({ method: 'GET', path: 'gpu-types', schema: AcmeGpuTypeListSchema });
      const observedAt = new Date().toISOString();
      return gpu_types.map((native) => toGpuType(native, observedAt));
    },
  };
}

/** The default instance; reads ACME_API_KEY when a call is made, never at import. */
export const acme: AcmeProvider = createAcme();
