import { AtlasError, type Compute, type ComputeStatus, isAtlasError } from '@atlas/core';
import type { ComputeBackend } from './backend.js';
import { type Clock, sleep } from './clock.js';
import {
  type EndpointResolver,
  type HttpProbe,
  type ProbeResult,
  probeHttp,
  probeTcp,
  type TcpProbe,
} from './probe.js';

export interface WaitReadyOptions {
  /** Ready also means this HTTP endpoint answers with the expected status. */
  readonly http?: HttpProbe;
  /** Ready also means this TCP port accepts a connection. */
  readonly tcp?: TcpProbe;
  /** Default 300,000 (5 minutes): GPU pods can take minutes to pull an image. */
  readonly timeoutMs?: number;
  /**
   * Longest pause between checks; default 2,000. Pauses start short (250 ms, or intervalMs if
   * smaller) and grow 1.5 times per check up to it: a pod that is ready in a second is seen within
   * a few hundred ms, and a long wait costs only the ramp's few extra requests over a fixed intervalMs.
   */
  readonly intervalMs?: number;
  /** Real-time bound on one probe, so a black-holed address cannot stall the loop; default 5,000. */
  readonly probeTimeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** The first pause between checks, and how much each next one grows (capped at intervalMs). */
const FIRST_PAUSE_MS = 250;
const BACKOFF = 1.5;

interface WaitInput {
  readonly backend: ComputeBackend;
  readonly clock: Clock;
  readonly resolveEndpoint: EndpointResolver;
  readonly sessionId: string;
  readonly computeId: string;
  readonly lastStatus: ComputeStatus | undefined;
  /** False once the session has ended (released, expired) while we wait. */
  readonly stillTracked: () => Promise<boolean>;
  /** Aborts when the orchestrator closes. */
  readonly closed: AbortSignal;
}

/**
 * Polls the provider until it reports `running`, then probes; resolves with the compute once both
 * agree. Rejects AtlasError `timeout` (raw: sessionId, computeId, lastStatus, lastProbe) when time
 * runs out, `conflict` when the compute fails or the session ends first.
 */
export async function waitUntilReady(input: WaitInput, options: WaitReadyOptions): Promise<Compute> {
  const { backend, clock, sessionId, computeId } = input;
  // Stop on the caller's signal, and at once when the orchestrator closes.
  const signal = options.signal === undefined ? input.closed : AbortSignal.any([options.signal, input.closed]);
  const timeoutMs = options.timeoutMs ?? 300_000;
  const intervalMs = options.intervalMs ?? 2_000;
  let pauseMs = Math.min(FIRST_PAUSE_MS, intervalMs);
  const deadline = clock.now() + timeoutMs;
  let lastStatus = input.lastStatus;
  let lastProbe: string | undefined;
  const fail = (kind: 'timeout' | 'conflict', why: string) =>
    new AtlasError({
      kind,
      provider: backend.providerId,
      message: `Session ${sessionId} ${why} (last status: ${lastStatus ?? 'unknown'}${lastProbe === undefined ? '' : `, last probe: ${lastProbe}`})`,
      raw: { sessionId, computeId, lastStatus: lastStatus ?? null, lastProbe: lastProbe ?? null },
    });

  const stopped = () =>
    input.closed.aborted
      ? fail('conflict', 'stopped waiting: the orchestrator closed')
      : fail('timeout', 'stopped waiting: aborted');
  for (;;) {
    if (signal.aborted) throw stopped();
    if (!(await input.stillTracked())) throw fail('conflict', 'ended before it was ready');
    let compute: Compute | undefined;
    try {
      compute = await backend.get(computeId, { signal });
    } catch (error) {
      if (isAtlasError(error) && error.kind === 'not_found') throw fail('conflict', 'compute is gone upstream');
      lastProbe = `provider error: ${isAtlasError(error) ? error.kind : 'unknown'}`;
    }
    if (compute !== undefined) {
      lastStatus = compute.status;
      if (compute.status === 'failed' || compute.status === 'terminated')
        throw fail('conflict', `compute is ${compute.status}`);
      if (compute.status === 'running') {
        const probe = await runProbes(
          input,
          compute,
          options,
          AbortSignal.any([signal, AbortSignal.timeout(options.probeTimeoutMs ?? 5_000)]),
        );
        if (probe.ok) return compute;
        lastProbe = probe.detail;
      }
    }
    const remaining = deadline - clock.now();
    if (remaining <= 0) throw fail('timeout', `not ready after ${timeoutMs} ms`);
    try {
      await sleep(clock, Math.min(pauseMs, remaining), signal);
    } catch {
      throw stopped();
    }
    pauseMs = Math.min(intervalMs, Math.round(pauseMs * BACKOFF));
  }
}

async function runProbes(
  input: WaitInput,
  compute: Compute,
  options: WaitReadyOptions,
  signal: AbortSignal,
): Promise<ProbeResult> {
  if (options.http !== undefined) {
    const endpoint = input.resolveEndpoint(compute, options.http.port, 'http');
    if (endpoint === undefined) return { ok: false, detail: `no address for port ${options.http.port} yet` };
    const result = await probeHttp(endpoint, options.http, signal);
    if (!result.ok) return result;
  }
  if (options.tcp !== undefined) {
    const endpoint = input.resolveEndpoint(compute, options.tcp.port, 'tcp');
    if (endpoint === undefined) return { ok: false, detail: `no address for port ${options.tcp.port} yet` };
    return probeTcp(endpoint, signal);
  }
  return { ok: true };
}
