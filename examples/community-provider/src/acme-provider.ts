import {
  AtlasError,
  type CallContext,
  type Compute,
  type ComputeFilter,
  type ComputeRequest,
  type GpuType,
  mintToken,
} from '@atlas/core';
import { createProviderHttp, defineProvider, matchesComputeFilter, type ProviderSettings } from '@atlas/core/provider';
import { AcmeGpuTypeListSchema, type AcmeInstance, AcmeInstanceListSchema, AcmeInstanceSchema } from './api.js';
import { ACME_GPU_MAP } from './gpu-map.js';
import { ACME, toCompute, toCreateBody, toGpuType } from './translate.js';

/** apiKey (else ACME_API_KEY, read at call time), baseUrl, fetch, timeoutMs, hooks, retry. */
export type AcmeSettings = ProviderSettings;

export const ACME_API_KEY_ENV = 'ACME_API_KEY';

// One client per call: the call's context (key, base URL, signal, hooks, retry) shapes it.
const http = createProviderHttp({
  provider: ACME,
  defaultBaseUrl: 'https://api.acme.example/v1/',
  apiKeyEnv: ACME_API_KEY_ENV,
  headers: (ctx) => (ctx.idempotencyKey === undefined ? undefined : { 'idempotency-key': ctx.idempotencyKey }),
});

const instancePath = (id: string) => `instances/${encodeURIComponent(id)}`;

// Plain operations: the request is already validated (an unknown GPU never gets here), the
// context already holds the settings, and whatever these throw reaches the caller as an AtlasError.

async function spawnCompute(request: ComputeRequest, ctx: CallContext): Promise<Compute> {
  if (request.auth === 'signed_url') {
    throw new AtlasError({ kind: 'unsupported', provider: ACME, message: "acme supports auth 'none' and 'bearer'." });
  }
  const handle = request.auth === 'bearer' ? await mintToken() : undefined;
  const body = toCreateBody(request, { ...request.env, ...handle?.env });
  // A POST is never retried blindly by core's client: a second attempt could rent a second GPU.
  const instance = await http(ctx).request({
    method: 'POST',
    path: 'instances',
    json: body,
    schema: AcmeInstanceSchema,
  });
  const compute = toCompute(instance);
  return handle === undefined ? compute : { ...compute, auth: handle };
}

async function getCompute(id: string, ctx: CallContext): Promise<Compute> {
  return toCompute(await http(ctx).request({ method: 'GET', path: instancePath(id), schema: AcmeInstanceSchema }));
}

async function listCompute(filter: ComputeFilter, ctx: CallContext): Promise<Compute[]> {
  // Acme answers a page at a time: follow `next_cursor` to the end, or machines go missing.
  const instances: AcmeInstance[] = [];
  let cursor: string | undefined;
  do {
    const page = await http(ctx).request({
      method: 'GET',
      path: 'instances',
      query: { cursor },
      schema: AcmeInstanceListSchema,
    });
    instances.push(...page.instances);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  // Acme's list cannot filter, so filter here with core's helper: every provider agrees on the meaning.
  return instances.map(toCompute).filter((compute) => matchesComputeFilter(compute, filter));
}

async function action(id: string, verb: 'stop' | 'start', ctx: CallContext): Promise<void> {
  await http(ctx).request({
    method: 'POST',
    path: `${instancePath(id)}/${verb}`,
    idempotent: true,
    responseType: 'none',
  });
}

async function terminate(id: string, ctx: CallContext): Promise<void> {
  await http(ctx).request({ method: 'DELETE', path: instancePath(id), responseType: 'none' });
}

async function listGpuTypes(ctx: CallContext): Promise<GpuType[]> {
  const { gpu_types } = await http(ctx).request({ method: 'GET', path: 'gpu-types', schema: AcmeGpuTypeListSchema });
  const observedAt = new Date().toISOString();
  return gpu_types.map((native) => toGpuType(native, observedAt));
}

export function createAcme(settings: AcmeSettings = {}) {
  return defineProvider({
    id: ACME,
    // Honest: exactly what the operations implement (defineProvider refuses a mismatch).
    capabilities: ['stop_start', 'http_proxy', 'gpu_catalog'],
    gpuMap: ACME_GPU_MAP,
    settings,
    operations: {
      spawnCompute,
      getCompute,
      listCompute,
      stop: (id, ctx) => action(id, 'stop', ctx),
      start: (id, ctx) => action(id, 'start', ctx),
      terminate,
      listGpuTypes,
    },
  });
}

/** The Acme provider: the contract's methods, `listGpuTypes` always there. */
export type AcmeProvider = ReturnType<typeof createAcme>;

/** The default instance; reads ACME_API_KEY when a call is made, never at import. */
export const acme: AcmeProvider = createAcme();
