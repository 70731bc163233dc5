import type { Compute } from '@atlas/core';
import { renderCompute } from '../output/format.js';
import type { Output } from '../output/output.js';
import { errorJson } from '../output/report-error.js';
import { parseDuration } from '../parse/duration.js';
import { parseCount, parseEnvPair, parsePort } from '../parse/flags.js';
import { checkGpu, toComputeRequest } from '../parse/request.js';
import { connect, type Session, targetId } from '../session.js';
import { waitForStatus } from '../wait.js';

export interface SpawnOptions {
  readonly provider?: string;
  readonly gpu: string;
  readonly image?: string;
  readonly count: string;
  readonly port?: string[];
  readonly env?: string[];
  readonly name?: string;
  readonly auth: 'none' | 'bearer';
  readonly region?: string[];
  readonly cloud?: 'secure' | 'community' | 'any';
  readonly wait?: boolean;
  readonly timeout: string;
}

export async function spawnCommand(session: Session, options: SpawnOptions): Promise<void> {
  // Every flag is checked before any request (--gpu against the provider's own GPU map), so a usage
  // error never rents anything.
  const timeoutMs = parseDuration('--timeout', options.timeout);
  const gpuCount = parseCount('--count', options.count, 16);
  const ports = (options.port ?? []).map(parsePort);
  const env = Object.fromEntries((options.env ?? []).map(parseEnvPair));
  const target = await connect(session, targetId(session, options.provider));
  const request = toComputeRequest(
    {
      gpu: checkGpu(target.provider, options.gpu),
      gpuCount,
      ports,
      env,
      auth: options.auth,
      ...(options.image === undefined ? {} : { image: options.image }),
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.region === undefined ? {} : { regionHints: options.region }),
      ...(options.cloud === undefined ? {} : { cloudType: options.cloud }),
    },
    target.provider.id,
  );
  // An ambiguous create (timeout, reset, 5xx, Ctrl-C in flight) is the provider's to settle; when it
  // cannot, its error carries `details.possiblyCreated` and reportError says how to find the machine.
  const created = await target.atlas.spawnCompute(request);
  const { out } = session;
  if (!out.json) printSpawned(out, created);
  let compute = created;
  if (options.wait) {
    try {
      compute = await waitForStatus(target, created.id, 'running', out, { timeoutMs, signal: session.signal });
    } catch (error) {
      // The machine exists (and may bill) even though the wait ended: say how to find or remove it.
      // Under --json the document carries it too, with the token, which nothing else will ever show.
      if (out.json) out.data({ error: errorJson(error), compute: created });
      out.error(
        `atlas: ${created.id} was created on ${created.provider}; see it with \`atlas get ${created.id}\`, remove it with \`atlas rm ${created.id} --yes\`.`,
      );
      throw error;
    }
    out.line(`\n${renderCompute(compute, out.color)}`);
  }
  // The token exists only in the spawn result: keep it in the JSON even after the wait.
  if (out.json) out.data(created.auth === undefined ? compute : { ...compute, auth: created.auth });
}

function printSpawned(out: Output, compute: Compute): void {
  if (out.options.quiet) {
    out.essential(compute.id);
    // The token exists only in this answer: --quiet keeps it (a second line), or it is lost for good.
    if (compute.auth !== undefined) out.essential(compute.auth.token);
    return;
  }
  out.line(renderCompute(compute, out.color));
  if (compute.auth !== undefined) {
    out.line('');
    out.line(out.color.yellow('Bearer token (shown once, not stored anywhere; keep it now):'));
    out.line(`  ${compute.auth.header}`);
  }
}
