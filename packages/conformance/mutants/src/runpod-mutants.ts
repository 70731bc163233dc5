import {
  AtlasError,
  type CallContext,
  type Compute,
  type ComputeFilter,
  type JobChunk,
  PRESHARED_KEY_ENV,
  type Provider,
} from '@atlas/core';
import { matchesComputeFilter } from '@atlas/core/provider';
import { RUNPOD_GPU_MAP, type RunPodProvider } from '@atlas/runpod';
import { type Mutant, type MutantKit, patch } from './mutant.js';

/** RunPod mutants may also break the wire: `wrapFetch` puts a wrapper around the fetch of every call. */
export interface RunPodKit extends MutantKit {
  wrapFetch(wrap: (fetch: typeof globalThis.fetch) => typeof globalThis.fetch): void;
  /** The env the fake gave a pod. */
  readEnv(id: string): Record<string, string>;
}

export interface RunPodMutant extends Omit<Mutant<RunPodProvider>, 'mutate'> {
  mutate(base: RunPodProvider, kit: RunPodKit): Provider;
}

type ComputeMap = (compute: Compute) => Compute;
type P = RunPodProvider;

const onGet = (p: P, f: ComputeMap) => ({
  getCompute: async (id: string, ctx?: CallContext) => f(await p.getCompute(id, ctx)),
});
const onList = (p: P, f: ComputeMap) => ({
  listCompute: async (filter?: ComputeFilter, ctx?: CallContext) => (await p.listCompute(filter, ctx)).map(f),
});
const onReads = (p: P, f: ComputeMap) => ({ ...onGet(p, f), ...onList(p, f) });
const listWith = (p: P, filterOf: (filter: ComputeFilter) => ComputeFilter) => ({
  listCompute: async (filter: ComputeFilter = {}, ctx?: CallContext) =>
    (await p.listCompute({}, ctx)).filter((c) => matchesComputeFilter(c, filterOf(filter), RUNPOD_GPU_MAP)),
});
const remap =
  <A extends unknown[], R>(call: (...args: A) => Promise<R>, map: (e: AtlasError) => AtlasError | undefined) =>
  async (...args: A): Promise<R> => {
    try {
      return await call(...args);
    } catch (error) {
      if (error instanceof AtlasError) throw map(error) ?? error;
      throw error;
    }
  };
const as = (p: P, kind: AtlasError['kind'], e: AtlasError) =>
  new AtlasError({ kind, provider: p.id, message: e.message });
/** Rewrites the JSON body of POST /v2/pods before it is sent. */
const rewriteSpawnBody =
  (edit: (body: Record<string, unknown>) => Record<string, unknown>) =>
  (fetch: typeof globalThis.fetch): typeof globalThis.fetch =>
  async (input, init) => {
    const request = new Request(input, init);
    if (request.method !== 'POST' || !new URL(request.url).pathname.endsWith('/v2/pods')) return fetch(request);
    const body = edit((await request.clone().json()) as Record<string, unknown>);
    return fetch(new Request(request, { body: JSON.stringify(body) }));
  };
async function* rewrite<T>(items: AsyncIterable<T>, map: (all: T[]) => T[]): AsyncGenerator<T> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  yield* map(all);
}

/** Bugs in the RunPod provider, run against the RunPod fake. */
export const RUNPOD_MUTANTS: readonly RunPodMutant[] = [
  {
    id: 'list-ignores-status',
    bug: 'the client-side status filter is forgotten',
    groups: ['lifecycle'],
    mutate: (p) =>
      patch(
        p,
        listWith(p, ({ status: _s, ...f }) => f),
      ),
  },
  {
    id: 'list-name-as-prefix',
    bug: 'name is matched with startsWith',
    groups: ['lifecycle'],
    mutate: (p) =>
      patch(
        p,
        listWith(p, ({ name, ...f }) => (name === undefined ? f : { ...f, namePrefix: name })),
      ),
  },
  {
    id: 'get-other-id',
    bug: 'getCompute reads the first pod of the list',
    groups: ['lifecycle'],
    mutate: (p) =>
      patch(p, { getCompute: async (id, ctx) => (await p.listCompute({}, ctx))[0] ?? p.getCompute(id, ctx) }),
  },
  {
    id: 'error-as-running',
    bug: 'desiredStatus RUNNING wins over the ERROR of a crashed pod',
    groups: ['lifecycle'],
    mutate: (p) =>
      patch(
        p,
        onReads(p, (c) => (c.status === 'failed' ? { ...c, status: 'running' } : c)),
      ),
  },
  {
    id: 'exited-as-running-on-list',
    bug: 'list maps EXITED to running',
    groups: ['lifecycle'],
    mutate: (p) =>
      patch(
        p,
        onList(p, (c) => (c.status === 'stopped' ? { ...c, status: 'running' } : c)),
      ),
  },
  {
    id: 'gpu-count-ignored',
    bug: 'gpu.count is not sent (RunPod defaults to 1)',
    groups: ['lifecycle'],
    mutate: (p, kit) => {
      kit.wrapFetch(rewriteSpawnBody((b) => ({ ...b, gpu: { id: (b.gpu as { id?: unknown } | undefined)?.id } })));
      return p;
    },
  },
  {
    id: 'created-at-seconds',
    bug: 'createdAt parsed as seconds',
    groups: ['lifecycle'],
    mutate: (p) =>
      patch(
        p,
        onReads(p, (c) => ({
          ...c,
          createdAt: new Date(Math.floor(Date.parse(c.createdAt ?? '') / 1000)).toISOString(),
        })),
      ),
  },
  {
    id: 'ports-dropped-on-list',
    bug: 'list items have no ports (the list omits portMappings)',
    groups: ['lifecycle'],
    mutate: (p) =>
      patch(
        p,
        onList(p, (c) => ({ ...c, ports: [] })),
      ),
  },
  {
    id: 'terminate-noop',
    bug: 'terminate sends stop',
    groups: ['lifecycle'],
    mutate: (p) => patch(p, { terminate: (id, ctx) => p.stop(id, ctx) }),
  },
  {
    id: 'stop-noop',
    bug: 'stop does nothing',
    groups: ['lifecycle'],
    mutate: (p) => patch(p, { stop: async () => undefined }),
  },
  {
    id: 'start-noop',
    bug: 'start does nothing',
    groups: ['lifecycle'],
    mutate: (p) => patch(p, { start: async () => undefined }),
  },
  {
    id: 'token-not-injected',
    bug: 'the env is built before the token is added',
    groups: ['auth'],
    mutate: (p, kit) => {
      kit.wrapFetch(
        rewriteSpawnBody((b) => {
          const { [PRESHARED_KEY_ENV]: _t, ...env } = (b.env ?? {}) as Record<string, string>;
          return { ...b, env };
        }),
      );
      return p;
    },
  },
  {
    id: 'caller-env-dropped',
    bug: 'the token env replaces the caller env',
    groups: ['auth'],
    mutate: (p, kit) => {
      kit.wrapFetch(
        rewriteSpawnBody((b) => {
          const env = (b.env ?? {}) as Record<string, string>;
          return {
            ...b,
            env: env[PRESHARED_KEY_ENV] === undefined ? {} : { [PRESHARED_KEY_ENV]: env[PRESHARED_KEY_ENV] },
          };
        }),
      );
      return p;
    },
  },
  {
    id: 'key-in-raw',
    bug: 'raw keeps the request headers',
    groups: ['raw'],
    mutate: (p, { secret }) =>
      patch(
        p,
        onGet(p, (c) => ({ ...c, raw: { ...(c.raw as object), headers: { authorization: `Bearer ${secret}` } } })),
      ),
  },
  {
    id: 'key-base64-in-raw',
    bug: 'raw keeps a Basic header',
    groups: ['raw'],
    mutate: (p, { secret }) =>
      patch(
        p,
        onList(p, (c) => ({
          ...c,
          raw: { ...(c.raw as object), auth: Buffer.from(`runpod:${secret}`).toString('base64') },
        })),
      ),
  },
  {
    id: 'key-in-error',
    bug: 'errors quote the Basic header of the request (base64 of the key, which redaction does not know)',
    groups: ['raw'],
    mutate: (p, { secret }) =>
      patch(p, {
        getCompute: remap(
          p.getCompute,
          (e) =>
            new AtlasError({
              kind: e.kind,
              provider: p.id,
              message: `${e.message} (Basic ${Buffer.from(`runpod:${secret}`).toString('base64')})`,
            }),
        ),
      }),
  },
  {
    id: 'key-in-query',
    bug: 'the key is sent as ?api_key= as well',
    groups: ['raw'],
    mutate: (p, { secret }) => withQueryKey(p, secret),
  },
  {
    id: 'env-in-raw',
    bug: 'raw is not scrubbed of env values',
    groups: ['raw'],
    mutate: (p, kit) =>
      patch(
        p,
        onGet(p, (c) => ({ ...c, raw: { ...(c.raw as object), env: kit.readEnv(c.id) } })),
      ),
  },
  {
    id: 'fetch-drops-signal',
    bug: 'the Request is rebuilt without the signal',
    groups: ['faults', 'errors'],
    faultScenarios: ['aborted_mid_call', 'timeout'],
    mutate: (p, kit) => {
      kit.wrapFetch((fetch) => async (input, init) => {
        const r = new Request(input, init);
        return fetch(r.url, {
          method: r.method,
          headers: r.headers,
          ...(r.body === null ? {} : { body: await r.arrayBuffer() }),
        });
      });
      return p;
    },
  },
  {
    id: 'timeout-ignored',
    bug: 'ctx.timeoutMs is not passed on',
    groups: ['faults'],
    faultScenarios: ['timeout'],
    mutate: (p) =>
      patch(p, {
        getCompute: (id, ctx) => {
          const { timeoutMs: _t, ...rest } = ctx ?? {};
          return p.getCompute(id, rest);
        },
      }),
  },
  {
    id: 'signal-ignored',
    bug: 'ctx.signal is not passed on',
    groups: ['faults', 'errors'],
    faultScenarios: ['aborted_mid_call'],
    mutate: (p) =>
      patch(p, {
        listCompute: (f, ctx) => {
          const { signal: _s, ...rest } = ctx ?? {};
          return p.listCompute(f, rest);
        },
        getCompute: (id, ctx) => {
          const { signal: _s, ...rest } = ctx ?? {};
          return p.getCompute(id, rest);
        },
      }),
  },
  {
    id: 'retry-after-lost',
    bug: 'list does not retry a 429 and loses its Retry-After',
    groups: ['faults'],
    faultScenarios: ['rate_limited'],
    mutate: (p) =>
      patch(p, {
        listCompute: remap(
          (f?: ComputeFilter, ctx?: CallContext) => p.listCompute(f, { ...ctx, retry: { limit: 0 } }),
          (e) => (e.kind === 'rate_limited' ? as(p, 'rate_limited', e) : e),
        ),
      }),
  },
  {
    id: 'rate-limited-empty-list',
    bug: 'a 429 on list answers []',
    groups: ['faults'],
    faultScenarios: ['rate_limited'],
    mutate: (p) =>
      patch(p, {
        listCompute: async (f, ctx) => {
          try {
            return await p.listCompute(f, { ...ctx, retry: { limit: 0 } });
          } catch (e) {
            if (e instanceof AtlasError && e.kind === 'rate_limited') return [];
            throw e;
          }
        },
      }),
  },
  {
    id: '403-as-unauthorized',
    bug: '403 mapped to unauthorized',
    groups: ['faults'],
    faultScenarios: ['forbidden'],
    mutate: (p) =>
      patch(p, { getCompute: remap(p.getCompute, (e) => (e.kind === 'forbidden' ? as(p, 'unauthorized', e) : e)) }),
  },
  {
    id: 'reset-as-provider',
    bug: 'a reset connection mapped to provider',
    groups: ['faults'],
    faultScenarios: ['connection_reset'],
    mutate: (p) =>
      patch(p, { listCompute: remap(p.listCompute, (e) => (e.kind === 'transport' ? as(p, 'provider', e) : e)) }),
  },
  {
    id: 'spawn-retried-blindly',
    bug: 'POST /v2/pods is re-sent after a 500',
    groups: ['faults'],
    faultScenarios: ['server_error_on_spawn'],
    mutate: (p, kit) => {
      kit.wrapFetch((fetch) => async (input, init) => {
        const r = new Request(input, init);
        const copy = r.clone();
        const response = await fetch(r);
        return r.method === 'POST' && response.status >= 500 ? fetch(copy) : response;
      });
      return p;
    },
  },
  {
    id: 'get-not-retried',
    bug: 'getCompute never retries a 500',
    groups: ['faults'],
    faultScenarios: ['server_error_on_get'],
    mutate: (p) => patch(p, { getCompute: (id, ctx) => p.getCompute(id, { ...ctx, retry: { limit: 0 } }) }),
  },
  {
    id: 'stream-first-chunk-only',
    bug: 'the stream stops after the first /stream poll',
    groups: ['serverless'],
    mutate: (p) =>
      patch(p, {
        streamJob: async function* (ref, ctx) {
          for await (const c of p.streamJob(ref, ctx)) {
            yield c;
            return;
          }
        },
      }),
  },
  {
    id: 'stream-finished-job-empty',
    bug: 'streamJob of a finished job yields nothing',
    groups: ['serverless'],
    mutate: (p) =>
      patch(p, {
        streamJob: async function* (ref, ctx) {
          if ((await p.getJob(ref, ctx)).status === 'completed') return;
          yield* p.streamJob(ref, ctx);
        },
      }),
  },
  {
    id: 'stream-out-of-order',
    bug: 'chunks from two polls are merged newest first',
    groups: ['serverless'],
    mutate: (p) =>
      patch(p, { streamJob: (ref, ctx) => rewrite<JobChunk>(p.streamJob(ref, ctx), (all) => [...all].reverse()) }),
  },
  {
    id: 'job-input-wrapped',
    bug: 'the input is sent as { input: { input } }',
    groups: ['serverless'],
    mutate: (p) => patch(p, { runJob: (r, ctx) => p.runJob({ ...r, input: { input: r.input } }, ctx) }),
  },
  {
    id: 'failed-job-as-completed',
    bug: 'FAILED maps to completed',
    groups: ['serverless'],
    mutate: (p) =>
      patch(p, {
        getJob: async (ref, ctx) => {
          const j = await p.getJob(ref, ctx);
          return j.status === 'failed' ? { ...j, status: 'completed' } : j;
        },
      }),
  },
  {
    id: 'cancel-running-noop',
    bug: 'cancel only cancels queued jobs',
    groups: ['serverless'],
    mutate: (p) =>
      patch(p, {
        cancelJob: async (ref, ctx) => {
          if ((await p.getJob(ref, ctx)).status === 'in_queue') await p.cancelJob(ref, ctx);
        },
      }),
  },
  {
    id: 'get-job-unknown-resolves',
    bug: 'a 404 on /status is read as IN_QUEUE',
    groups: ['serverless'],
    mutate: (p) =>
      patch(p, {
        getJob: async (ref, ctx) => {
          try {
            return await p.getJob(ref, ctx);
          } catch {
            return { id: ref.id, endpoint: ref.endpoint, provider: p.id, status: 'in_queue', raw: {} };
          }
        },
      }),
  },
  {
    id: 'catalog-duplicate-ids',
    bug: 'one entry per data center',
    groups: ['catalog'],
    mutate: (p) =>
      patch(p, {
        listGpuTypes: async (ctx) => {
          const all = await p.listGpuTypes(ctx);
          return [...all, ...all.slice(0, 1)];
        },
      }),
  },
  {
    id: 'catalog-canonical-dropped',
    bug: 'canonical ids left out',
    groups: ['catalog'],
    mutate: (p) =>
      patch(p, { listGpuTypes: async (ctx) => (await p.listGpuTypes(ctx)).map(({ canonical: _c, ...g }) => g) }),
  },
  {
    id: 'network-volume-dropped',
    bug: 'the network volume mount is not sent',
    groups: ['contract'],
    mutate: (p, kit) => {
      kit.wrapFetch(
        rewriteSpawnBody((b) => ({ ...b, mounts: { ...(b.mounts as object | undefined), network: undefined } })),
      );
      return p;
    },
  },
  {
    id: 'global-networking-dropped',
    bug: 'providerOptions.globalNetworking is not sent',
    groups: ['contract'],
    mutate: (p, kit) => {
      kit.wrapFetch(rewriteSpawnBody(({ globalNetworking: _g, ...b }) => b));
      return p;
    },
  },
  {
    id: 'logs-tail-ignored',
    bug: 'tail is not sent',
    groups: ['contract'],
    mutate: (p) =>
      patch(p, {
        logs: (id, options, ctx) => {
          const { tail: _t, ...rest } = options ?? {};
          return p.logs(id, rest, ctx);
        },
      }),
  },
];

/** The provider with `?api_key=<key>` added to the URL of every GET it sends (before ctx.fetch sees it). */
function withQueryKey(p: P, secret: string): Provider {
  const wrap = (ctx?: CallContext): CallContext => {
    const fetch = ctx?.fetch ?? globalThis.fetch;
    return {
      ...ctx,
      fetch: (input, init) => {
        const request = new Request(input, init);
        if (request.method !== 'GET') return fetch(request);
        const url = new URL(request.url);
        url.searchParams.set('api_key', secret);
        return fetch(new Request(url, request));
      },
    };
  };
  return patch(p, {
    getCompute: (id, ctx) => p.getCompute(id, wrap(ctx)),
    listCompute: (f, ctx) => p.listCompute(f, wrap(ctx)),
  });
}
