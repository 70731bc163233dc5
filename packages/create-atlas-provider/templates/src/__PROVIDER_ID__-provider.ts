// #if gpu_catalog
import type { GpuType } from '@atlas/core';
// #endif
import {
  AtlasError,
  type CallContext,
  type Compute,
  type ComputeFilter,
  type ComputeRequest,
  mintToken,
} from '@atlas/core';
import {
  CREATE_MARKER_ENV,
  createOnce,
  createProviderHttp,
  defineProvider,
  type HttpClient,
  matchesComputeFilter,
  newCreateMarker,
  type ProviderSettings,
} from '@atlas/core/provider';
// #if gpu_catalog
import { GpuTypeListSchema } from './api.js';
// #endif
import { type Instance, InstanceListSchema, InstanceSchema } from './api.js';
import { __PROVIDER_CONST___GPU_MAP } from './gpu-map.js';
// #if gpu_catalog
import { toGpuType } from './translate.js';
// #endif
import { PROVIDER_ID, toCompute, toCreateBody } from './translate.js';

/** apiKey (else __API_KEY_ENV__, read at call time), baseUrl, fetch, timeoutMs, hooks, retry. */
export type __PROVIDER_NAME__Settings = ProviderSettings;

export const __PROVIDER_CONST___API_KEY_ENV = '__API_KEY_ENV__';

// One client per call: the call's context (key, base URL, signal, hooks, retry) shapes it. Core's
// client brings the retry policy, timeouts, redaction and the mapping of error bodies to AtlasError.
const http = createProviderHttp({
  provider: PROVIDER_ID,
  defaultBaseUrl: '__BASE_URL__',
  apiKeyEnv: __PROVIDER_CONST___API_KEY_ENV,
  // TODO: how your cloud takes an idempotency key on create, if it does (see "Creates are never
  // repeated blindly" in the README); delete this line if it has none.
  headers: (ctx) => (ctx.idempotencyKey === undefined ? undefined : { 'idempotency-key': ctx.idempotencyKey }),
  // TODO: add `errorRules` for your cloud's structured error codes (e.g. an out-of-stock code ->
  // `capacity`); without them, errors are classified by HTTP status and core's default rules.
});

const instancePath = (id: string) => `instances/${encodeURIComponent(id)}`;

// Plain operations: the request is already validated (an unknown GPU never gets here), the context
// already holds the settings, and whatever these throw reaches the caller as an AtlasError.
// TODO: every path, method and body below is a placeholder that the fake in test/ answers. Point each
// one at your cloud's real endpoint, then change the fake to answer like your cloud does.

async function spawnCompute(request: ComputeRequest, ctx: CallContext): Promise<Compute> {
  if (request.auth === 'signed_url') {
    throw new AtlasError({
      kind: 'unsupported',
      provider: PROVIDER_ID,
      message: `${PROVIDER_ID} supports auth 'none' and 'bearer'.`,
    });
  }
  // auth 'bearer': a fresh token, injected into the machine's env (ATLAS_PRESHARED_KEY) and handed out once.
  const handle = request.auth === 'bearer' ? await mintToken() : undefined;
  // Each attempt carries its own marker. A create whose answer is lost (timeout, reset, 5xx) may
  // have rented a GPU: createOnce never sends it again, it looks for the marker instead, and fails
  // closed (details.possiblyCreated) when it cannot tell.
  const marker = newCreateMarker();
  const name = request.name ?? `atlas-${marker}`;
  const body = toCreateBody(request, { name, env: { ...request.env, ...handle?.env, [CREATE_MARKER_ENV]: marker } });
  const client = http(ctx);
  const instance = await createOnce({
    provider: PROVIDER_ID,
    name,
    marker,
    noun: 'instance',
    signal: ctx.signal,
    create: () => client.request({ method: 'POST', path: 'instances', json: body, schema: InstanceSchema }),
    // TODO: look the marker up where your cloud keeps it (the env it echoes, a tag, a label).
    findByMarker: async (wanted) =>
      (await listInstances(client)).filter((i) => i.state !== 'error' && i.env?.[CREATE_MARKER_ENV] === wanted),
    idOf: (i) => i.id,
  });
  // An adopted instance carries this attempt's marker, so it holds the token minted above.
  const compute = toCompute(instance);
  return handle === undefined ? compute : { ...compute, auth: handle };
}

async function getCompute(id: string, ctx: CallContext): Promise<Compute> {
  return toCompute(await http(ctx).request({ method: 'GET', path: instancePath(id), schema: InstanceSchema }));
}

async function listCompute(filter: ComputeFilter, ctx: CallContext): Promise<Compute[]> {
  // TODO: if your cloud's list can filter by name or status, pass the filter as query parameters;
  // keep the local filter anyway, so that every provider agrees on what a filter means.
  return (await listInstances(http(ctx))).map(toCompute).filter((compute) => matchesComputeFilter(compute, filter));
}

async function listInstances(client: HttpClient): Promise<Instance[]> {
  // Follow every page, or machines go missing. TODO: page the way your cloud does (a cursor, a page
  // number, a Link header).
  const instances: Instance[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.request({
      method: 'GET',
      path: 'instances',
      query: { cursor },
      schema: InstanceListSchema,
    });
    instances.push(...page.instances);
    cursor = page.next_cursor ?? undefined;
  } while (cursor !== undefined);
  return instances;
}
// #if stop_start

async function action(id: string, verb: 'stop' | 'start', ctx: CallContext): Promise<void> {
  // idempotent: stopping a stopped machine changes nothing, so core may retry it safely.
  await http(ctx).request({
    method: 'POST',
    path: `${instancePath(id)}/${verb}`,
    idempotent: true,
    responseType: 'none',
  });
}
// #endif

async function terminate(id: string, ctx: CallContext): Promise<void> {
  await http(ctx).request({ method: 'DELETE', path: instancePath(id), responseType: 'none' });
}
// #if gpu_catalog

async function listGpuTypes(ctx: CallContext): Promise<GpuType[]> {
  const { gpu_types } = await http(ctx).request({ method: 'GET', path: 'gpu-types', schema: GpuTypeListSchema });
  const observedAt = new Date().toISOString();
  return gpu_types.map((native) => toGpuType(native, observedAt));
}
// #endif

export function create__PROVIDER_NAME__(settings: __PROVIDER_NAME__Settings = {}) {
  return defineProvider({
    id: PROVIDER_ID,
    // Honest: exactly what the operations implement. The conformance suite checks each one.
    capabilities: [__CAPABILITIES__],
    gpuMap: __PROVIDER_CONST___GPU_MAP,
    settings,
    // #if !stop_start
    unsupported: {
      stop: `${PROVIDER_ID} machines cannot be stopped, only terminated`,
      start: `${PROVIDER_ID} machines cannot be stopped, only terminated`,
    },
    // #endif
    operations: {
      spawnCompute,
      getCompute,
      listCompute,
      // #if stop_start
      stop: (id, ctx) => action(id, 'stop', ctx),
      start: (id, ctx) => action(id, 'start', ctx),
      // #endif
      terminate,
      // #if gpu_catalog
      listGpuTypes,
      // #endif
    },
  });
}

/** The __PROVIDER_ID__ provider: the contract's methods and the optional ones it declares. */
export type __PROVIDER_NAME__Provider = ReturnType<typeof create__PROVIDER_NAME__>;

/** The default instance; reads __API_KEY_ENV__ when a call is made, never at import. */
export const __providerName__: __PROVIDER_NAME__Provider = create__PROVIDER_NAME__();
