import { connect } from 'node:net';
import type { Compute } from '@atlas/core';

export interface HttpProbe {
  readonly port: number;
  /** Default '/'. */
  readonly path?: string;
  /** The status (or statuses) that mean ready; default any 2xx. */
  readonly expectStatus?: number | readonly number[];
  /** Extra request headers, e.g. the session's `Authorization` when the server checks it. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface TcpProbe {
  readonly port: number;
}

/** Where a probe connects: a base URL for HTTP, a host and port for TCP. */
export type ProbeEndpoint = { readonly url: string } | { readonly host: string; readonly port: number };

/**
 * Finds where a compute's port answers. The default reads the compute's normalized ports: an HTTP
 * port's proxy URL, else its public IP and external port. Inject another (orchestrator option
 * `resolveEndpoint`) for a private network, a tunnel, or a test server.
 */
export type EndpointResolver = (compute: Compute, port: number, protocol: 'http' | 'tcp') => ProbeEndpoint | undefined;

export const defaultEndpointResolver: EndpointResolver = (compute, port, protocol) => {
  const entry = compute.ports.find((p) => p.internal === port);
  if (protocol === 'http' && entry?.url !== undefined) return { url: entry.url };
  if (compute.publicIp === undefined) return undefined;
  const external = entry?.external ?? port;
  return protocol === 'http'
    ? { url: `http://${compute.publicIp}:${external}` }
    : { host: compute.publicIp, port: external };
};

/** The outcome of one probe: ok, or why not (a status or an error message, never a header). */
export type ProbeResult = { readonly ok: true } | { readonly ok: false; readonly detail: string };

export async function probeHttp(endpoint: ProbeEndpoint, probe: HttpProbe, signal: AbortSignal): Promise<ProbeResult> {
  const base = 'url' in endpoint ? endpoint.url : `http://${endpoint.host}:${endpoint.port}`;
  const url = new URL(probe.path ?? '/', base.endsWith('/') ? base : `${base}/`);
  try {
    const response = await fetch(url, { headers: { ...probe.headers }, signal, redirect: 'manual' });
    await response.body?.cancel();
    const expected = probe.expectStatus;
    const ok =
      expected === undefined
        ? response.status >= 200 && response.status < 300
        : (typeof expected === 'number' ? [expected] : expected).includes(response.status);
    return ok ? { ok: true } : { ok: false, detail: `HTTP ${response.status}` };
  } catch (error) {
    return { ok: false, detail: describe(error) };
  }
}

export function probeTcp(endpoint: ProbeEndpoint, signal: AbortSignal): Promise<ProbeResult> {
  const target = 'url' in endpoint ? hostPort(endpoint.url) : endpoint;
  return new Promise((resolve) => {
    const socket = connect({ host: target.host, port: target.port });
    const finish = (result: ProbeResult) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(result);
    };
    const onAbort = () => finish({ ok: false, detail: 'probe timed out' });
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish({ ok: true }));
    socket.once('error', (error) => finish({ ok: false, detail: describe(error) }));
  });
}

function hostPort(url: string): { host: string; port: number } {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80)) };
}

/** fetch hides the reason in `cause` (ECONNREFUSED, ...). Messages never include headers. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'probe failed';
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return code ?? (error.name === 'AbortError' || error.name === 'TimeoutError' ? 'probe timed out' : error.message);
}
