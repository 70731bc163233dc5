import {
  AtlasError,
  type CallContext,
  type Compute,
  type ComputeFilter,
  hashToken,
  type JobChunk,
  PRESHARED_KEY_ENV,
  type Provider,
} from '@atlas/core';
import { matchesComputeFilter } from '@atlas/core/provider';
import { MOCK_GPU_MAP, type MockProvider } from '@atlas/mock';
import { type Mutant, patch } from './mutant.js';

type M = Mutant<MockProvider>;
type ComputeMap = (compute: Compute) => Compute;

const onGet = (m: MockProvider, f: ComputeMap) => ({
  getCompute: async (id: string, ctx?: CallContext) => f(await m.getCompute(id, ctx)),
});
const onList = (m: MockProvider, f: ComputeMap) => ({
  listCompute: async (filter?: ComputeFilter, ctx?: CallContext) => (await m.listCompute(filter, ctx)).map(f),
});
const onReads = (m: MockProvider, f: ComputeMap) => ({ ...onGet(m, f), ...onList(m, f) });
const onSpawn = (m: MockProvider, f: ComputeMap) => ({
  spawnCompute: async (request: Parameters<Provider['spawnCompute']>[0], ctx?: CallContext) =>
    f(await m.spawnCompute(request, ctx)),
});
/** Filters applied by the wrapper over an unfiltered list, as a client-side filter would be. */
const listWith = (m: MockProvider, filterOf: (filter: ComputeFilter) => ComputeFilter) => ({
  listCompute: async (filter: ComputeFilter = {}, ctx?: CallContext) =>
    (await m.listCompute({}, ctx)).filter((c) => matchesComputeFilter(c, filterOf(filter), MOCK_GPU_MAP)),
});
const randomToken = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
/** Replaces the token of a spawn's handle (and of the env the compute got) by `make()`. */
const withToken = (m: MockProvider, make: () => string) => {
  const envs = new Map<string, Record<string, string>>();
  return {
    spawnCompute: async (request: Parameters<Provider['spawnCompute']>[0], ctx?: CallContext) => {
      const compute = await m.spawnCompute(request, ctx);
      if (compute.auth === undefined) return compute;
      const token = make();
      envs.set(compute.id, { ...m.readEnv(compute.id), [PRESHARED_KEY_ENV]: token });
      const auth = {
        scheme: 'bearer' as const,
        token,
        hash: await hashToken(token),
        header: `Bearer ${token}`,
        env: { [PRESHARED_KEY_ENV]: token },
      };
      return { ...compute, auth };
    },
    readEnv: (id: string) => envs.get(id) ?? m.readEnv(id),
  };
};
const kindError = (m: MockProvider, kind: AtlasError['kind'], error: unknown) =>
  new AtlasError({
    kind,
    provider: m.id,
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  });
/** Rewrites the kind of the AtlasErrors a call rejects with. */
const remapErrors =
  <A extends unknown[], R>(
    m: MockProvider,
    call: (...args: A) => Promise<R>,
    map: (e: AtlasError) => AtlasError | undefined,
  ) =>
  async (...args: A): Promise<R> => {
    try {
      return await call(...args);
    } catch (error) {
      if (error instanceof AtlasError) throw map(error) ?? error;
      throw kindError(m, 'unknown', error);
    }
  };
const withoutSignal = (ctx?: CallContext): CallContext | undefined => {
  if (ctx === undefined) return ctx;
  const { signal: _signal, ...rest } = ctx;
  return rest;
};
async function* stream<T>(items: AsyncIterable<T>, map: (all: T[]) => T[]): AsyncGenerator<T> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  yield* map(all);
}

/** Bugs in the mock, group by group. Each is one mistake a provider author could make. */
export const MOCK_MUTANTS: readonly M[] = [
  // --- lifecycle: read paths
  {
    id: 'get-other-id',
    bug: 'getCompute answers for the most recent compute, whatever the id',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(m, {
        getCompute: async (id, ctx) => {
          const all = await m.listCompute({}, ctx);
          const last = all.at(-1);
          return last && last.id !== id ? last : m.getCompute(id, ctx);
        },
      }),
  },
  {
    id: 'get-ignores-id',
    bug: 'getCompute returns the first compute',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(m, { getCompute: async (id, ctx) => (await m.listCompute({}, ctx))[0] ?? m.getCompute(id, ctx) }),
  },
  {
    id: 'get-wrong-provider-id',
    bug: "getCompute stamps 'mock-v1' as the provider",
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onGet(m, (c) => ({ ...c, provider: 'mock-v1' })),
      ),
  },
  {
    id: 'list-wrong-provider-id',
    bug: 'list items carry the native provider name',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onList(m, (c) => ({ ...c, provider: 'Mock Cloud' })),
      ),
  },
  {
    id: 'get-gpu-count-one',
    bug: 'getCompute reads gpuCount from a per-GPU field: always 1',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onGet(m, (c) => ({ ...c, gpuCount: 1 })),
      ),
  },
  {
    id: 'list-gpu-count-one',
    bug: 'list items report gpuCount 1',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onList(m, (c) => ({ ...c, gpuCount: 1 })),
      ),
  },
  {
    id: 'spawn-gpu-count-ignored',
    bug: 'spawn always rents one GPU',
    groups: ['lifecycle'],
    mutate: (m) => patch(m, { spawnCompute: (r, ctx) => m.spawnCompute({ ...r, gpuCount: 1 }, ctx) }),
  },
  {
    id: 'get-gpu-type-wrong',
    bug: 'getCompute maps the native GPU to the wrong canonical id',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onGet(m, (c) => ({ ...c, gpuType: 'a100_80g' })),
      ),
  },
  {
    id: 'list-name-dropped',
    bug: 'list items lose their name (the list endpoint has no name field)',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onList(m, ({ name: _name, ...c }) => c),
      ),
  },
  {
    id: 'get-ports-dropped',
    bug: 'getCompute reports no ports',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onGet(m, (c) => ({ ...c, ports: [] })),
      ),
  },
  {
    id: 'list-ports-dropped',
    bug: 'list items report no ports',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onList(m, (c) => ({ ...c, ports: [] })),
      ),
  },
  {
    id: 'get-port-url-relative',
    bug: 'getCompute gives http ports a relative URL',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onGet(m, (c) => ({
          ...c,
          ports: c.ports.map((p) => (p.url === undefined ? p : { ...p, url: `/proxy/${p.internal}` })),
        })),
      ),
  },
  {
    id: 'spawn-extra-port',
    bug: 'spawn adds an ssh port nobody asked for',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(m, {
        spawnCompute: (r, ctx) =>
          m.spawnCompute({ ...r, ports: [...(r.ports ?? []), { port: 2299, protocol: 'tcp' }] }, ctx),
      }),
  },
  {
    id: 'created-at-seconds',
    bug: 'createdAt read from epoch seconds as milliseconds',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onReads(m, (c) => ({
          ...c,
          createdAt: new Date(Math.floor(Date.parse(c.createdAt ?? '') / 1000)).toISOString(),
        })),
      ),
  },
  {
    id: 'image-wrong-on-get',
    bug: 'getCompute reports the template image instead of the requested one',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onGet(m, (c) => ({ ...c, image: 'mock/base:latest' })),
      ),
  },
  {
    id: 'name-truncated',
    bug: 'spawn cuts names to 64 characters',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(m, {
        spawnCompute: (r, ctx) => m.spawnCompute(r.name === undefined ? r : { ...r, name: r.name.slice(0, 64) }, ctx),
      }),
  },
  {
    id: 'spawn-status-unknown',
    bug: "spawn reports the native status 'CREATED'",
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onSpawn(m, (c) => ({ ...c, status: 'CREATED' as never })),
      ),
  },
  // --- lifecycle: list filters and pages
  {
    id: 'list-ignores-filters',
    bug: 'listCompute ignores its filter',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        listWith(m, () => ({})),
      ),
  },
  {
    id: 'list-ignores-status',
    bug: 'listCompute ignores status',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        listWith(m, ({ status: _s, ...f }) => f),
      ),
  },
  {
    id: 'list-ignores-name-prefix',
    bug: 'listCompute ignores namePrefix',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        listWith(m, ({ namePrefix: _p, ...f }) => f),
      ),
  },
  {
    id: 'list-name-as-prefix',
    bug: 'listCompute treats name as a prefix',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        listWith(m, ({ name, ...f }) => (name === undefined ? f : { ...f, namePrefix: name })),
      ),
  },
  {
    id: 'list-status-array-first-only',
    bug: 'listCompute uses the first status of an array',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        listWith(m, (f) => (Array.isArray(f.status) ? { ...f, status: f.status[0] } : f)),
      ),
  },
  {
    id: 'list-status-array-ignored',
    bug: 'listCompute ignores status when it is an array',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        listWith(m, (f) => (Array.isArray(f.status) ? { ...f, status: undefined } : f)),
      ),
  },
  {
    id: 'list-first-page-only',
    bug: 'listCompute returns the first page and never follows the cursor',
    groups: ['lifecycle'],
    mutate: (m) => {
      let size: number | undefined;
      return patch(m, {
        setPageSize: (s: number | undefined) => {
          size = s;
          m.setPageSize(s);
        },
        listCompute: async (filter: ComputeFilter = {}, ctx?: CallContext) =>
          (await m.listCompute({}, ctx))
            .slice(0, size ?? Number.POSITIVE_INFINITY)
            .filter((c) => matchesComputeFilter(c, filter, MOCK_GPU_MAP)),
      });
    },
  },
  {
    id: 'list-drops-last-page',
    bug: 'listCompute stops when a page is not full, one page early',
    groups: ['lifecycle'],
    mutate: (m) => {
      let size: number | undefined;
      return patch(m, {
        setPageSize: (s: number | undefined) => {
          size = s;
          m.setPageSize(s);
        },
        listCompute: async (filter: ComputeFilter = {}, ctx?: CallContext) => {
          const all = await m.listCompute({}, ctx);
          const kept = size === undefined ? all : all.slice(0, Math.floor((all.length - 1) / size) * size);
          return kept.filter((c) => matchesComputeFilter(c, filter, MOCK_GPU_MAP));
        },
      });
    },
  },
  {
    id: 'list-ignores-gpu',
    bug: 'listCompute ignores gpu',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        listWith(m, ({ gpu: _g, ...f }) => f),
      ),
  },
  {
    id: 'list-ignores-region',
    bug: 'listCompute ignores region',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        listWith(m, ({ region: _r, ...f }) => f),
      ),
  },
  // Survivors (documented in docs/testing.md): what a Compute does not show, a black-box suite cannot check.
  {
    id: 'spot-ignored',
    bug: 'a spot request rents on-demand',
    groups: ['contract', 'lifecycle'],
    mutate: (m) => patch(m, { spawnCompute: (r, ctx) => m.spawnCompute({ ...r, spot: false }, ctx) }),
  },
  {
    id: 'cloud-type-ignored',
    bug: 'cloudType is not sent, so the cloud picks',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(m, {
        spawnCompute: (r, ctx) => {
          const { cloudType: _c, ...rest } = r;
          return m.spawnCompute(rest, ctx);
        },
      }),
  },
  // --- lifecycle: statuses
  {
    id: 'failed-as-running',
    bug: "a crashed compute reads 'running' (ERROR mapped to running)",
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onReads(m, (c) => (c.status === 'failed' ? { ...c, status: 'running' } : c)),
      ),
  },
  {
    id: 'failed-as-running-on-list',
    bug: "list items map a crashed compute to 'running'",
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onList(m, (c) => (c.status === 'failed' ? { ...c, status: 'running' } : c)),
      ),
  },
  {
    id: 'failed-as-stopped',
    bug: "a crashed compute reads 'stopped'",
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onReads(m, (c) => (c.status === 'failed' ? { ...c, status: 'stopped' } : c)),
      ),
  },
  {
    id: 'stopped-as-running-on-list',
    bug: "list items map EXITED to 'running'",
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onList(m, (c) => (c.status === 'stopped' ? { ...c, status: 'running' } : c)),
      ),
  },
  {
    id: 'terminated-as-stopped',
    bug: "a terminated compute reads 'stopped'",
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onReads(m, (c) => (c.status === 'terminated' ? { ...c, status: 'stopped' } : c)),
      ),
  },
  {
    id: 'preempted-as-running',
    bug: 'a preempted (terminated by the host) compute reads running',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(
        m,
        onReads(m, (c) => (c.status === 'terminated' ? { ...c, status: 'running' } : c)),
      ),
  },
  {
    id: 'terminate-noop',
    bug: 'terminate does nothing',
    groups: ['lifecycle'],
    mutate: (m) => patch(m, { terminate: async (id, ctx) => void (await m.getCompute(id, ctx)) }),
  },
  {
    id: 'terminate-stale-list',
    bug: 'listCompute serves a cache that terminate does not update',
    groups: ['lifecycle'],
    mutate: (m) => {
      const lastLive = new Map<string, Compute>();
      return patch(m, {
        listCompute: async (filter: ComputeFilter = {}, ctx?: CallContext) =>
          (await m.listCompute({}, ctx))
            .map((c) => {
              if (c.status !== 'terminated') lastLive.set(c.id, c);
              return c.status === 'terminated' ? (lastLive.get(c.id) ?? c) : c;
            })
            .filter((c) => matchesComputeFilter(c, filter, MOCK_GPU_MAP)),
      });
    },
  },
  {
    id: 'terminate-twice-conflict',
    bug: 'terminate of a terminated compute rejects conflict',
    groups: ['lifecycle'],
    mutate: (m) =>
      patch(m, {
        terminate: async (id, ctx) => {
          if ((await m.getCompute(id, ctx)).status === 'terminated')
            throw new AtlasError({ kind: 'conflict', provider: m.id, message: 'already terminated' });
          return m.terminate(id, ctx);
        },
      }),
  },
  {
    id: 'stop-noop',
    bug: 'stop does nothing',
    groups: ['lifecycle', 'contract'],
    mutate: (m) => patch(m, { stop: async () => undefined }),
  },
  {
    id: 'stop-then-restarts',
    bug: 'stop sends restart',
    groups: ['lifecycle', 'contract'],
    mutate: (m) =>
      patch(m, {
        stop: async (id, ctx) => {
          await m.stop(id, ctx);
          await m.start(id, ctx);
        },
      }),
  },
  {
    id: 'start-noop',
    bug: 'start does nothing',
    groups: ['lifecycle', 'contract'],
    mutate: (m) => patch(m, { start: async () => undefined }),
  },
  {
    id: 'start-stuck-provisioning',
    bug: 'a started compute reads provisioning forever (the resumed state is not mapped)',
    groups: ['lifecycle', 'contract'],
    mutate: (m) => {
      const started = new Set<string>();
      const stuck: ComputeMap = (c) =>
        started.has(c.id) && c.status === 'running' ? { ...c, status: 'provisioning' } : c;
      return patch(m, {
        ...onReads(m, stuck),
        start: async (id: string, ctx?: CallContext) => {
          started.add(id);
          await m.start(id, ctx);
        },
      });
    },
  },
  // --- auth
  {
    id: 'reused-token',
    bug: 'one token for every compute',
    groups: ['auth'],
    mutate: (m) => {
      const token = randomToken(crypto.getRandomValues(new Uint8Array(32)));
      return patch(
        m,
        withToken(m, () => token),
      );
    },
  },
  {
    id: 'short-token',
    bug: 'a 16-byte token',
    groups: ['auth'],
    mutate: (m) =>
      patch(
        m,
        withToken(m, () => randomToken(crypto.getRandomValues(new Uint8Array(16)))),
      ),
  },
  {
    id: 'fixed-prefix-token',
    bug: "a token with the fixed prefix 'atls' before 32 random bytes",
    groups: ['auth'],
    mutate: (m) =>
      patch(
        m,
        withToken(m, () =>
          randomToken(
            new Uint8Array([...new TextEncoder().encode('atls'), ...crypto.getRandomValues(new Uint8Array(32))]),
          ),
        ),
      ),
  },
  {
    id: 'half-random-token',
    bug: '16 random bytes padded with 16 zero bytes',
    groups: ['auth'],
    mutate: (m) =>
      patch(
        m,
        withToken(m, () =>
          randomToken(new Uint8Array([...crypto.getRandomValues(new Uint8Array(16)), ...new Uint8Array(16)])),
        ),
      ),
  },
  {
    id: 'time-based-token',
    bug: 'a token derived from the clock and a counter',
    groups: ['auth'],
    mutate: (m) => {
      let n = 0;
      return patch(
        m,
        withToken(m, () => randomToken(new TextEncoder().encode(`${Date.now()}-${++n}-atlas-token-padding-bytes`))),
      );
    },
  },
  {
    id: 'token-not-injected',
    bug: 'the token is not put in the compute env',
    groups: ['auth'],
    mutate: (m) =>
      patch(m, {
        readEnv: (id: string) => {
          const { [PRESHARED_KEY_ENV]: _t, ...env } = m.readEnv(id);
          return env;
        },
      }),
  },
  {
    id: 'caller-env-dropped-with-bearer',
    bug: "with auth 'bearer' the env is replaced by the token",
    groups: ['auth'],
    mutate: (m) =>
      patch(m, {
        readEnv: (id: string) => {
          const env = m.readEnv(id);
          return env[PRESHARED_KEY_ENV] === undefined ? env : { [PRESHARED_KEY_ENV]: env[PRESHARED_KEY_ENV] };
        },
      }),
  },
  {
    id: 'token-for-auth-none',
    bug: "auth 'none' still mints a token into the env",
    groups: ['auth'],
    mutate: (m) => patch(m, { readEnv: (id: string) => ({ [PRESHARED_KEY_ENV]: 'minted-anyway', ...m.readEnv(id) }) }),
  },
  {
    id: 'handle-for-auth-none',
    bug: "auth 'none' returns a handle",
    groups: ['auth'],
    mutate: (m) =>
      patch(m, {
        spawnCompute: async (r, ctx) =>
          r.auth === 'none' ? m.spawnCompute({ ...r, auth: 'bearer' }, ctx) : m.spawnCompute(r, ctx),
      }),
  },
  {
    id: 'hash-of-other-token',
    bug: 'the handle hashes a different string than the token',
    groups: ['auth'],
    mutate: (m) =>
      patch(
        m,
        onSpawnAsync(m, async (c) =>
          c.auth === undefined ? c : { ...c, auth: { ...c.auth, hash: await hashToken(`${c.auth.token}\n`) } },
        ),
      ),
  },
  {
    id: 'header-scheme-wrong',
    bug: "the header is 'Token <token>'",
    groups: ['auth'],
    mutate: (m) =>
      patch(
        m,
        onSpawn(m, (c) => (c.auth === undefined ? c : { ...c, auth: { ...c.auth, header: `Token ${c.auth.token}` } })),
      ),
  },
  {
    id: 'handle-env-wrong-name',
    bug: 'the handle env names the token ATLAS_TOKEN',
    groups: ['auth'],
    mutate: (m) =>
      patch(
        m,
        onSpawn(m, (c) =>
          c.auth === undefined ? c : { ...c, auth: { ...c.auth, env: { ATLAS_TOKEN: c.auth.token } } },
        ),
      ),
  },
  {
    id: 'token-in-raw',
    bug: 'the spawn raw keeps the env with the token',
    groups: ['auth', 'raw'],
    mutate: (m) =>
      patch(
        m,
        onSpawn(m, (c) => ({ ...c, raw: { ...(c.raw as object), env: c.auth?.env } })),
      ),
  },
  {
    id: 'token-on-get',
    bug: 'getCompute returns the auth handle again',
    groups: ['auth'],
    mutate: (m) => {
      const handles = new Map<string, Compute['auth']>();
      return patch(m, {
        ...onSpawn(m, (c) => {
          handles.set(c.id, c.auth);
          return c;
        }),
        ...onGet(m, (c) => ({ ...c, ...(handles.get(c.id) ? { auth: handles.get(c.id) } : {}) })),
      });
    },
  },
  // --- raw and secrets
  {
    id: 'env-in-raw',
    bug: 'getCompute raw keeps the env unscrubbed',
    groups: ['raw'],
    mutate: (m) =>
      patch(
        m,
        onGet(m, (c) => ({ ...c, raw: { ...(c.raw as object), env: m.readEnv(c.id) } })),
      ),
  },
  {
    id: 'env-in-list-raw',
    bug: 'list raw keeps the env unscrubbed',
    groups: ['raw'],
    mutate: (m) =>
      patch(
        m,
        onList(m, (c) => ({ ...c, raw: { ...(c.raw as object), env: m.readEnv(c.id) } })),
      ),
  },
  {
    id: 'env-base64-in-raw',
    bug: 'raw keeps the env as the base64 blob the API sent',
    groups: ['raw'],
    mutate: (m) =>
      patch(
        m,
        onGet(m, (c) => ({
          ...c,
          raw: { ...(c.raw as object), envB64: Buffer.from(JSON.stringify(m.readEnv(c.id))).toString('base64') },
        })),
      ),
  },
  {
    id: 'env-hex-in-raw',
    bug: 'raw keeps env values hex-encoded',
    groups: ['raw'],
    mutate: (m) =>
      patch(
        m,
        onGet(m, (c) => ({
          ...c,
          raw: {
            ...(c.raw as object),
            envHex: Object.values(m.readEnv(c.id)).map((v) => Buffer.from(v).toString('hex')),
          },
        })),
      ),
  },
  {
    id: 'env-url-encoded-in-raw',
    bug: 'raw keeps the docker run URL with env values in its query',
    groups: ['raw'],
    mutate: (m) =>
      patch(
        m,
        onSpawn(m, (c) => ({
          ...c,
          raw: { ...(c.raw as object), runUrl: `https://mock.invalid/run?${new URLSearchParams(m.readEnv(c.id))}` },
        })),
      ),
  },
  {
    id: 'list-raw-missing',
    bug: 'list items have no raw',
    groups: ['raw'],
    mutate: (m) =>
      patch(
        m,
        onList(m, ({ raw: _raw, ...c }) => c as Compute),
      ),
  },
  {
    id: 'key-in-raw',
    bug: 'raw keeps the request headers, API key included',
    groups: ['raw'],
    mutate: (m, { secret }) =>
      patch(
        m,
        onGet(m, (c) => ({ ...c, raw: { ...(c.raw as object), request: { authorization: `Bearer ${secret}` } } })),
      ),
  },
  {
    id: 'key-base64-in-raw',
    bug: 'raw keeps a Basic authorization header (base64 of user:key)',
    groups: ['raw'],
    mutate: (m, { secret }) =>
      patch(
        m,
        onReads(m, (c) => ({
          ...c,
          raw: { ...(c.raw as object), auth: `Basic ${Buffer.from(`atlas:${secret}`).toString('base64')}` },
        })),
      ),
  },
  {
    id: 'key-in-error',
    bug: 'a not_found error quotes the request, key included',
    groups: ['raw'],
    mutate: (m, { secret }) =>
      patch(m, {
        getCompute: remapErrors(
          m,
          m.getCompute,
          (e) =>
            new AtlasError({
              kind: e.kind,
              provider: m.id,
              message: `${e.message} (request signed with key ${secret})`,
            }),
        ),
      }),
  },
  {
    id: 'key-in-error-cause',
    bug: 'an error cause names the account by the hex of its key',
    groups: ['raw', 'errors'],
    mutate: (m, { secret }) =>
      patch(m, {
        terminate: remapErrors(
          m,
          m.terminate,
          (e) =>
            new AtlasError({
              kind: e.kind,
              provider: m.id,
              message: e.message,
              cause: new Error(`request failed for account ${Buffer.from(secret).toString('hex')}`),
            }),
        ),
      }),
  },
  // --- errors
  {
    id: 'plain-error',
    bug: 'getCompute throws a plain Error for a missing id',
    groups: ['errors'],
    mutate: (m) =>
      patch(m, {
        getCompute: async (id, ctx) => {
          try {
            return await m.getCompute(id, ctx);
          } catch {
            throw new Error(`no compute ${id}`);
          }
        },
      }),
  },
  {
    id: 'error-names-other-provider',
    bug: "errors name 'runpod' as the provider",
    groups: ['errors'],
    mutate: (m) =>
      patch(m, {
        terminate: remapErrors(
          m,
          m.terminate,
          (e) => new AtlasError({ kind: e.kind, provider: 'runpod', message: e.message }),
        ),
      }),
  },
  {
    id: 'not-found-as-provider-on-stop',
    bug: 'stop of an unknown id rejects provider',
    groups: ['errors'],
    mutate: (m) =>
      patch(m, { stop: remapErrors(m, m.stop, (e) => (e.kind === 'not_found' ? kindError(m, 'provider', e) : e)) }),
  },
  {
    id: 'terminate-unknown-resolves',
    bug: 'terminate of an unknown id resolves',
    groups: ['errors'],
    mutate: (m) =>
      patch(m, {
        terminate: async (id, ctx) => {
          try {
            await m.terminate(id, ctx);
          } catch {
            /* swallowed */
          }
        },
      }),
  },
  {
    id: 'validation-skipped',
    bug: 'gpuCount 0 is repaired to 1 and spawned',
    groups: ['errors'],
    mutate: (m) =>
      patch(m, { spawnCompute: (r, ctx) => m.spawnCompute({ ...r, gpuCount: Math.max(1, r.gpuCount ?? 1) }, ctx) }),
  },
  {
    id: 'unknown-gpu-substituted',
    bug: 'an unknown GPU falls back to h100',
    groups: ['errors'],
    mutate: (m) =>
      patch(m, {
        spawnCompute: (r, ctx) =>
          m.spawnCompute({ ...r, gpu: r.gpu !== undefined && r.gpu in MOCK_GPU_MAP ? r.gpu : 'h100' }, ctx),
      }),
  },
  {
    id: 'empty-image-defaulted',
    bug: 'an empty image is replaced by a default',
    groups: ['errors'],
    mutate: (m) =>
      patch(m, {
        spawnCompute: (r, ctx) => m.spawnCompute({ ...r, image: r.image === '' ? 'mock/base:latest' : r.image }, ctx),
      }),
  },
  {
    id: 'aborted-signal-ignored',
    bug: 'calls never look at ctx.signal',
    groups: ['errors'],
    mutate: (m) =>
      patch(m, {
        getCompute: (id, ctx) => m.getCompute(id, withoutSignal(ctx)),
        listCompute: (f, ctx) => m.listCompute(f, withoutSignal(ctx)),
        stop: (id, ctx) => m.stop(id, withoutSignal(ctx)),
        terminate: (id, ctx) => m.terminate(id, withoutSignal(ctx)),
        spawnCompute: (r, ctx) => m.spawnCompute(r, withoutSignal(ctx)),
      }),
  },
  {
    id: 'aborted-terminate-goes-through',
    bug: 'terminate sends the request before it checks the signal',
    groups: ['errors'],
    mutate: (m) =>
      patch(m, {
        terminate: async (id, ctx) => {
          await m.terminate(id, withoutSignal(ctx));
          await m.terminate(id, ctx);
        },
      }),
  },
  {
    id: 'aborted-spawn-creates',
    bug: 'spawn checks the signal only after the create',
    groups: ['errors'],
    mutate: (m) =>
      patch(m, {
        spawnCompute: async (r, ctx) => {
          const c = await m.spawnCompute(r, withoutSignal(ctx));
          if (ctx?.signal?.aborted) throw new AtlasError({ kind: 'transport', provider: m.id, message: 'aborted' });
          return c;
        },
      }),
  },
  {
    id: 'aborted-as-unknown',
    bug: "an aborted call rejects kind 'unknown'",
    groups: ['errors'],
    mutate: (m) =>
      patch(m, {
        listCompute: remapErrors(m, m.listCompute, (e) => (e.kind === 'transport' ? kindError(m, 'unknown', e) : e)),
      }),
  },
  // --- faults
  {
    id: '401-as-provider',
    bug: 'a 401 becomes provider',
    groups: ['faults'],
    faultScenarios: ['unauthorized'],
    mutate: (m) =>
      patch(m, {
        listCompute: remapErrors(m, m.listCompute, (e) =>
          e.kind === 'unauthorized' ? kindError(m, 'provider', e) : e,
        ),
      }),
  },
  {
    id: '403-as-unauthorized',
    bug: 'a 403 becomes unauthorized',
    groups: ['faults'],
    faultScenarios: ['forbidden'],
    mutate: (m) =>
      patch(m, {
        getCompute: remapErrors(m, m.getCompute, (e) => (e.kind === 'forbidden' ? kindError(m, 'unauthorized', e) : e)),
      }),
  },
  {
    id: '404-as-provider',
    bug: 'a 404 becomes provider',
    groups: ['faults'],
    faultScenarios: ['not_found'],
    mutate: (m) =>
      patch(m, {
        getCompute: remapErrors(m, m.getCompute, (e) => (e.kind === 'not_found' ? kindError(m, 'provider', e) : e)),
      }),
  },
  {
    id: 'rate-limited-drops-retry-after',
    bug: 'a 429 loses Retry-After',
    groups: ['faults'],
    faultScenarios: ['rate_limited'],
    mutate: (m) =>
      patch(m, {
        listCompute: remapErrors(m, m.listCompute, (e) =>
          e.kind === 'rate_limited' ? kindError(m, 'rate_limited', e) : e,
        ),
      }),
  },
  {
    id: 'retry-after-in-seconds',
    bug: 'retryAfterMs holds the header in seconds',
    groups: ['faults'],
    faultScenarios: ['rate_limited'],
    mutate: (m) =>
      patch(m, {
        listCompute: remapErrors(m, m.listCompute, (e) =>
          e.kind === 'rate_limited'
            ? new AtlasError({
                kind: 'rate_limited',
                provider: m.id,
                message: e.message,
                retryAfterMs: (e.retryAfterMs ?? 0) / 1000,
              })
            : e,
        ),
      }),
  },
  {
    id: 'rate-limited-empty-list',
    bug: 'a rate-limited list answers [] instead of retrying',
    groups: ['faults'],
    faultScenarios: ['rate_limited'],
    mutate: (m) =>
      patch(m, {
        listCompute: async (f, ctx) => {
          try {
            return await m.listCompute(f, ctx);
          } catch (e) {
            if (e instanceof AtlasError && e.kind === 'rate_limited') return [];
            throw e;
          }
        },
      }),
  },
  {
    id: 'spawn-retried-blindly',
    bug: 'spawn is re-sent after a 500',
    groups: ['faults'],
    faultScenarios: ['server_error_on_spawn'],
    mutate: (m) =>
      patch(m, {
        spawnCompute: async (r, ctx) => {
          try {
            return await m.spawnCompute(r, ctx);
          } catch {
            return m.spawnCompute(r, ctx);
          }
        },
      }),
  },
  {
    id: 'malformed-json-as-not-found',
    bug: 'an unreadable body becomes not_found',
    groups: ['faults'],
    faultScenarios: ['malformed_json'],
    mutate: (m) =>
      patch(m, {
        getCompute: remapErrors(m, m.getCompute, (e) => (e.kind === 'contract' ? kindError(m, 'not_found', e) : e)),
      }),
  },
  {
    id: 'reset-as-provider',
    bug: 'a dropped connection becomes provider',
    groups: ['faults'],
    faultScenarios: ['connection_reset'],
    mutate: (m) =>
      patch(m, {
        listCompute: remapErrors(m, m.listCompute, (e) => (e.kind === 'transport' ? kindError(m, 'provider', e) : e)),
      }),
  },
  {
    id: 'signal-ignored-mid-call',
    bug: 'listCompute drops ctx.signal before the request',
    groups: ['faults'],
    faultScenarios: ['aborted_mid_call'],
    mutate: (m) => patch(m, { listCompute: (f, ctx) => m.listCompute(f, withoutSignal(ctx)) }),
  },
  {
    id: 'timeout-ignored',
    bug: 'getCompute drops ctx.timeoutMs',
    groups: ['faults'],
    faultScenarios: ['timeout'],
    mutate: (m) =>
      patch(m, {
        getCompute: (id, ctx) => {
          const { timeoutMs: _t, ...rest } = ctx ?? {};
          return m.getCompute(id, rest);
        },
      }),
  },
  {
    id: 'timeout-as-transport',
    bug: 'a timeout becomes transport',
    groups: ['faults'],
    faultScenarios: ['timeout'],
    mutate: (m) =>
      patch(m, {
        getCompute: remapErrors(m, m.getCompute, (e) => (e.kind === 'timeout' ? kindError(m, 'transport', e) : e)),
      }),
  },
  // --- serverless
  {
    id: 'get-job-unknown-resolves',
    bug: 'getJob of an unknown id answers a queued job',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, {
        getJob: async (ref, ctx) => {
          try {
            return await m.getJob(ref, ctx);
          } catch {
            return { id: ref.id, endpoint: ref.endpoint, provider: m.id, status: 'in_queue', raw: {} };
          }
        },
      }),
  },
  {
    id: 'cancel-job-unknown-resolves',
    bug: 'cancelJob of an unknown id resolves',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, {
        cancelJob: async (ref, ctx) => {
          try {
            await m.cancelJob(ref, ctx);
          } catch {
            /* swallowed */
          }
        },
      }),
  },
  {
    id: 'stream-job-unknown-empty',
    bug: 'streamJob of an unknown id yields nothing and ends',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, {
        streamJob: async function* (ref, ctx) {
          try {
            yield* m.streamJob(ref, ctx);
          } catch {
            /* swallowed */
          }
        },
      }),
  },
  {
    id: 'sync-not-finished',
    bug: 'sync runJob returns the job as submitted',
    groups: ['serverless'],
    mutate: (m) => patch(m, { runJob: (r, ctx) => m.runJob({ ...r, mode: 'async' }, ctx) }),
  },
  {
    id: 'stream-out-of-order',
    bug: 'streamJob yields chunks newest first',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, { streamJob: (ref, ctx) => stream<JobChunk>(m.streamJob(ref, ctx), (all) => [...all].reverse()) }),
  },
  {
    id: 'stream-twice',
    bug: 'streamJob yields every chunk twice',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, { streamJob: (ref, ctx) => stream<JobChunk>(m.streamJob(ref, ctx), (all) => [...all, ...all]) }),
  },
  {
    id: 'stream-first-chunk-only',
    bug: 'streamJob stops after the first chunk',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, {
        streamJob: async function* (ref, ctx) {
          for await (const c of m.streamJob(ref, ctx)) {
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
    mutate: (m) =>
      patch(m, {
        streamJob: async function* (ref, ctx) {
          if ((await m.getJob(ref, ctx)).status === 'completed') return;
          yield* m.streamJob(ref, ctx);
        },
      }),
  },
  {
    id: 'cancel-noop',
    bug: 'cancelJob does nothing',
    groups: ['serverless'],
    mutate: (m) => patch(m, { cancelJob: async (ref, ctx) => void (await m.getJob(ref, ctx)) }),
  },
  {
    id: 'cancel-running-noop',
    bug: 'cancelJob only cancels queued jobs',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, {
        cancelJob: async (ref, ctx) => {
          if ((await m.getJob(ref, ctx)).status === 'in_queue') await m.cancelJob(ref, ctx);
        },
      }),
  },
  {
    id: 'job-input-dropped',
    bug: 'runJob sends the input wrapped twice ({ input: { input } })',
    groups: ['serverless'],
    mutate: (m) => patch(m, { runJob: (r, ctx) => m.runJob({ ...r, input: { input: r.input } }, ctx) }),
  },
  {
    id: 'job-policy-dropped',
    bug: 'runJob drops the policy',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, {
        runJob: (r, ctx) => {
          const { policy: _p, ...rest } = r;
          return m.runJob(rest, ctx);
        },
      }),
  },
  {
    id: 'failed-job-as-completed',
    bug: 'FAILED maps to completed',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, {
        getJob: async (ref, ctx) => {
          const j = await m.getJob(ref, ctx);
          return j.status === 'failed' ? { ...j, status: 'completed' } : j;
        },
      }),
  },
  {
    id: 'timed-out-as-failed',
    bug: 'TIMED_OUT maps to failed',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, {
        getJob: async (ref, ctx) => {
          const j = await m.getJob(ref, ctx);
          return j.status === 'timed_out' ? { ...j, status: 'failed' } : j;
        },
      }),
  },
  {
    id: 'failed-job-without-error',
    bug: 'a failed job loses its error message',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, {
        getJob: async (ref, ctx) => {
          const { error: _e, ...j } = await m.getJob(ref, ctx);
          return j;
        },
      }),
  },
  {
    id: 'get-job-wrong-provider',
    bug: "getJob stamps 'runpod' as the provider",
    groups: ['serverless'],
    mutate: (m) => patch(m, { getJob: async (ref, ctx) => ({ ...(await m.getJob(ref, ctx)), provider: 'runpod' }) }),
  },
  {
    id: 'get-job-wrong-endpoint',
    bug: 'getJob reports the endpoint name instead of its id',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, { getJob: async (ref, ctx) => ({ ...(await m.getJob(ref, ctx)), endpoint: `${ref.endpoint}-name` }) }),
  },
  {
    id: 'get-job-ignores-id',
    bug: 'getJob answers the first job of the endpoint',
    groups: ['serverless'],
    mutate: (m) => {
      let first: Parameters<MockProvider['getJob']>[0] | undefined;
      return patch(m, {
        runJob: async (r, ctx) => {
          const j = await m.runJob(r, ctx);
          first ??= j;
          return j;
        },
        getJob: (ref, ctx) => m.getJob(first ?? ref, ctx),
      });
    },
  },
  {
    id: 'get-job-status-native',
    bug: "getJob passes the native status ('IN_QUEUE') through",
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, {
        getJob: async (ref, ctx) => {
          const j = await m.getJob(ref, ctx);
          return { ...j, status: j.status.toUpperCase() as never };
        },
      }),
  },
  {
    id: 'run-job-raw-missing',
    bug: 'runJob returns no raw',
    groups: ['serverless'],
    mutate: (m) =>
      patch(m, {
        runJob: async (r, ctx) => {
          const { raw: _r, ...j } = await m.runJob(r, ctx);
          return j as never;
        },
      }),
  },
  {
    id: 'webhooks-declared-not-delivered',
    bug: 'webhooks declared, the webhook never called',
    groups: ['serverless'],
    mutate: (m) => patch(m, { capabilities: [...m.capabilities, 'webhooks'] }),
  },
  // --- catalog
  {
    id: 'catalog-declared-not-implemented',
    bug: 'gpu_catalog declared, listGpuTypes missing',
    groups: ['contract', 'catalog'],
    mutate: (m) => patch(m, { listGpuTypes: undefined }),
  },
  {
    id: 'catalog-negative-price',
    bug: 'a price of -1 for unknown prices',
    groups: ['catalog'],
    mutate: (m) =>
      patch(m, {
        listGpuTypes: async (ctx) =>
          (await m.listGpuTypes(ctx)).map((g, i) =>
            i === 0 ? { ...g, pricePerHour: { ...g.pricePerHour, spot: -1 } } : g,
          ),
      }),
  },
  {
    id: 'catalog-canonical-mismatch',
    bug: 'canonical ids shifted by one entry',
    groups: ['catalog'],
    mutate: (m) =>
      patch(m, {
        listGpuTypes: async (ctx) => {
          const all = await m.listGpuTypes(ctx);
          return all.map((g, i) => ({ ...g, canonical: all[(i + 1) % all.length]?.canonical ?? g.canonical }));
        },
      }),
  },
  {
    id: 'catalog-canonical-dropped',
    bug: 'entries never carry canonical ids',
    groups: ['catalog'],
    mutate: (m) =>
      patch(m, { listGpuTypes: async (ctx) => (await m.listGpuTypes(ctx)).map(({ canonical: _c, ...g }) => g) }),
  },
  {
    id: 'catalog-duplicate-ids',
    bug: 'one entry per cloud type, so ids repeat',
    groups: ['catalog'],
    mutate: (m) =>
      patch(m, {
        listGpuTypes: async (ctx) => {
          const all = await m.listGpuTypes(ctx);
          return [...all, ...all.slice(0, 2)];
        },
      }),
  },
  {
    id: 'catalog-wrong-provider',
    bug: 'entries name the marketplace instead of the provider',
    groups: ['catalog'],
    mutate: (m) =>
      patch(m, {
        listGpuTypes: async (ctx) => (await m.listGpuTypes(ctx)).map((g) => ({ ...g, provider: 'mock-market' })),
      }),
  },
  {
    id: 'catalog-empty',
    bug: 'listGpuTypes reads the wrong field and answers []',
    groups: ['catalog'],
    mutate: (m) => patch(m, { listGpuTypes: async () => [] }),
  },
  {
    id: 'catalog-raw-missing',
    bug: 'entries have no raw',
    groups: ['catalog'],
    mutate: (m) =>
      patch(m, { listGpuTypes: async (ctx) => (await m.listGpuTypes(ctx)).map(({ raw: _r, ...g }) => g as never) }),
  },
  // --- contract and capabilities
  {
    id: 'logs-declared-not-implemented',
    bug: 'logs declared, method missing',
    groups: ['contract'],
    mutate: (m) => patch(m, { logs: undefined }),
  },
  {
    id: 'logs-leak-env',
    bug: 'logs print the container env at boot',
    groups: ['contract'],
    mutate: (m) =>
      patch(m, {
        logs: async function* (id, options, ctx) {
          yield* m.logs(id, options, ctx);
          yield `env: ${JSON.stringify(m.readEnv(id))}`;
        },
      }),
  },
  {
    id: 'logs-leak-env-base64',
    bug: 'logs print the env as a base64 blob',
    groups: ['contract'],
    mutate: (m) =>
      patch(m, {
        logs: async function* (id, options, ctx) {
          yield* m.logs(id, options, ctx);
          yield `env: ${Buffer.from(JSON.stringify(m.readEnv(id))).toString('base64')}`;
        },
      }),
  },
  {
    id: 'logs-never-end',
    bug: 'logs without follow keeps the stream open',
    groups: ['contract'],
    mutate: (m) => patch(m, { logs: (id, options, ctx) => m.logs(id, { ...options, follow: true }, ctx) }),
  },
  {
    id: 'logs-unknown-id-empty',
    bug: 'logs of an unknown id yields nothing',
    groups: ['contract'],
    mutate: (m) =>
      patch(m, {
        logs: async function* (id, options, ctx) {
          try {
            yield* m.logs(id, options, ctx);
          } catch {
            /* swallowed */
          }
        },
      }),
  },
  {
    id: 'logs-tail-ignored',
    bug: 'logs ignores tail',
    groups: ['contract'],
    mutate: (m) => patch(m, { logs: (id, options, ctx) => m.logs(id, withoutTail(options), ctx) }),
  },
  {
    id: 'logs-tail-from-start',
    bug: 'tail takes the first N lines',
    groups: ['contract'],
    mutate: (m) =>
      patch(m, {
        logs: async function* (id, options = {}, ctx) {
          let n = 0;
          for await (const line of m.logs(id, withoutTail(options), ctx)) {
            if (options.tail !== undefined && n++ >= options.tail) return;
            yield line;
          }
        },
      }),
  },
  {
    id: 'spot-declared-not-implemented',
    bug: 'spot declared, spot spawns rejected',
    groups: ['contract'],
    mutate: (m) =>
      patch(m, {
        spawnCompute: (r, ctx) =>
          r.spot
            ? Promise.reject(new AtlasError({ kind: 'unsupported', provider: m.id, message: 'no spot' }))
            : m.spawnCompute(r, ctx),
      }),
  },
  {
    id: 'http-url-missing',
    bug: 'http ports never get a URL',
    groups: ['contract'],
    mutate: (m) =>
      patch(
        m,
        onReads(m, (c) => ({ ...c, ports: c.ports.map(({ url: _u, ...p }) => p) })),
      ),
  },
  {
    id: 'tcp-port-unreachable',
    bug: 'tcp ports get no external port and no public IP',
    groups: ['contract'],
    mutate: (m) =>
      patch(
        m,
        onReads(m, ({ publicIp: _ip, ...c }) => ({ ...c, ports: c.ports.map(({ external: _e, ...p }) => p) })),
      ),
  },
  {
    id: 'asymmetric-ports',
    bug: 'the external tcp port is remapped',
    groups: ['contract'],
    mutate: (m) =>
      patch(
        m,
        onReads(m, (c) => ({
          ...c,
          ports: c.ports.map((p) => (p.external === undefined ? p : { ...p, external: p.external + 10_000 })),
        })),
      ),
  },
  {
    id: 'stop-start-declared-unsupported',
    bug: 'stop_start declared, stop rejects unsupported',
    groups: ['contract'],
    mutate: (m) =>
      patch(m, {
        stop: async () => {
          throw new AtlasError({ kind: 'unsupported', provider: m.id, message: 'no stop' });
        },
      }),
  },
  {
    id: 'undeclared-capability',
    bug: "declares 'gpu-catalog' (a typo of gpu_catalog)",
    groups: ['contract'],
    mutate: (m) => patch(m, { capabilities: [...m.capabilities, 'gpu-catalog' as never] }),
  },
];

function withoutTail(options: { follow?: boolean; tail?: number } = {}) {
  const { tail: _tail, ...rest } = options;
  return rest;
}

function onSpawnAsync(m: MockProvider, f: (c: Compute) => Promise<Compute>) {
  return {
    spawnCompute: async (request: Parameters<Provider['spawnCompute']>[0], ctx?: CallContext) =>
      f(await m.spawnCompute(request, ctx)),
  };
}
