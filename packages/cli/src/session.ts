import { type Atlas, AtlasError, type CallContext, createAtlas, type HttpHooks, type Provider } from '@atlas/core';
import {
  type ConfigFile,
  defaultProviderId,
  type GlobalFlags,
  type ProviderConfig,
  requireApiKey,
  requireKnownProvider,
  resolveProviderConfig,
} from './config.js';
import type { Output } from './output/output.js';

/** What every command receives: parsed global flags, the config file, output, and the Ctrl-C signal. */
export interface Session {
  readonly flags: GlobalFlags;
  readonly file: ConfigFile;
  readonly out: Output;
  /** Aborted on Ctrl-C; passed to every provider call so requests in flight stop. */
  readonly signal: AbortSignal;
}

/**
 * A provider ready to call. Calls go through core's `Atlas` (validation first, capability checks,
 * and only AtlasErrors out); `provider` is there for its capabilities and GPU map.
 */
export interface Target {
  readonly atlas: Atlas;
  readonly provider: Provider;
  readonly config: ProviderConfig;
}

/** An Atlas over one provider, with the CLI's context (key, Ctrl-C signal, request log) on every call. */
export function targetFor(provider: Provider, context: CallContext, config: ProviderConfig): Target {
  return {
    atlas: createAtlas({ providers: { [provider.id]: provider }, defaultProvider: provider.id, context }),
    provider,
    config,
  };
}

/** The provider a single-provider command talks to: `--provider`, else the configured default. */
export function targetId(session: Session, flag: string | undefined): string {
  return defaultProviderId(flag, session.file);
}

/**
 * Loads a provider and builds its call context. `forFlags` says whether --api-key/--base-url
 * belong to this provider (they do for the one a command targets).
 */
export async function connect(session: Session, providerId: string, forFlags = true): Promise<Target> {
  const entry = requireKnownProvider(providerId);
  const config = resolveProviderConfig(entry, session.flags, session.file, forFlags);
  requireApiKey(config);
  const provider = await entry.load({
    ...(config.baseUrl === undefined ? {} : { baseUrl: config.baseUrl }),
    ...(config.runtimeUrl === undefined ? {} : { runtimeUrl: config.runtimeUrl }),
  });
  const ctx: CallContext = {
    signal: session.signal,
    ...(config.apiKey === undefined ? {} : { apiKey: config.apiKey }),
    ...(session.flags.verbose ? { hooks: requestLog(session.out) } : {}),
  };
  return targetFor(provider, ctx, config);
}

/**
 * A stub answers the operations it has with why it is a stub; for one it lacks (fly has no GPU
 * catalog), core would only name the missing capability. Say the stub's reason instead.
 */
export function requireStubOperation(
  target: Target,
  operation: 'listGpuTypes' | 'runJob' | 'getJob' | 'cancelJob' | 'logs',
): void {
  const { stub, id } = target.config.entry;
  if (stub === undefined || typeof target.provider[operation] === 'function') return;
  throw new AtlasError({
    kind: 'unsupported',
    provider: id,
    message: `${id} is a stub provider, so ${operation} is unsupported: ${stub.reason}`,
  });
}

/** --verbose: one line per request, response and retry. Core redacts the URLs in these events. */
export function requestLog(out: Output): HttpHooks {
  return {
    onRequest: (e) =>
      out.debug(`→ ${e.provider} ${e.method} ${e.url}${e.attempt > 1 ? ` (attempt ${e.attempt})` : ''}`),
    onResponse: (e) => out.debug(`← ${e.provider} ${e.status} ${e.method} ${e.url} ${Math.round(e.durationMs)}ms`),
    onRetry: (e) =>
      out.debug(`↻ ${e.provider} ${e.method} ${e.url}: ${e.reason}, retrying in ${Math.round(e.delayMs)}ms`),
  };
}

/**
 * The target as a plain provider whose every call runs with the target's own context (its key, the
 * Ctrl-C signal): what placement needs to call several providers, each with its own key.
 */
export function providerView(target: Target): Provider {
  const { atlas, provider } = target;
  return {
    id: provider.id,
    capabilities: provider.capabilities,
    ...(provider.gpuMap === undefined ? {} : { gpuMap: provider.gpuMap }),
    spawnCompute: (request, ctx) => atlas.spawnCompute(request, ctx),
    getCompute: (id, ctx) => atlas.getCompute(id, ctx),
    listCompute: (filter, ctx) => atlas.listCompute(filter, ctx),
    stop: (id, ctx) => atlas.stop(id, ctx),
    start: (id, ctx) => atlas.start(id, ctx),
    terminate: (id, ctx) => atlas.terminate(id, ctx),
    ...(typeof provider.listGpuTypes === 'function' ? { listGpuTypes: (ctx) => atlas.listGpuTypes(ctx) } : {}),
    ...(typeof provider.listCpuTypes === 'function' ? { listCpuTypes: (ctx) => atlas.listCpuTypes(ctx) } : {}),
  };
}
