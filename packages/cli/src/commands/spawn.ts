import type { Compute } from '@atlas/core';
import { type Offer, type Placement, place } from '@atlas/placement';
import { requireKnownProvider } from '../config.js';
import { money, renderCompute } from '../output/format.js';
import type { Output } from '../output/output.js';
import { errorJson } from '../output/report-error.js';
import { parseDuration } from '../parse/duration.js';
import { parseCount, parseEnvPair, parsePort, parsePrice, providerList } from '../parse/flags.js';
import { checkGpu, toComputeRequest } from '../parse/request.js';
import { connect, providerView, type Session, type Target, targetId } from '../session.js';
import { waitForStatus } from '../wait.js';

export interface SpawnOptions {
  /** One provider, or several (`a,b` or repeated): then the machine is placed on the cheapest that has one. */
  readonly provider?: string[];
  /** Never rent above this (USD per hour); turns on placement. */
  readonly maxPrice?: string;
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
  // Every flag is checked before any request (--gpu against the providers' own GPU maps), so a usage
  // error never rents anything.
  const timeoutMs = parseDuration('--timeout', options.timeout);
  const providers = providerList(options.provider);
  for (const id of providers) requireKnownProvider(id);
  const maxPrice = options.maxPrice === undefined ? undefined : parsePrice('--max-price', options.maxPrice);
  const ids = providers.length > 0 ? providers : [targetId(session, undefined)];
  const targets = await Promise.all(ids.map((id) => connect(session, id, ids.length === 1)));
  const placing = targets.length > 1 || maxPrice !== undefined;
  const fields = requestFields(
    options,
    placing ? checkGpuSomewhere(targets, options.gpu) : checkGpu(targets[0]!.provider, options.gpu),
  );
  // An ambiguous create (timeout, reset, 5xx, Ctrl-C in flight) is the provider's to settle; when it
  // cannot, its error carries `details.possiblyCreated` and reportError says how to find the machine.
  const { out } = session;
  let target = targets[0]!;
  let created: Compute;
  if (placing) {
    const placement = await place(toComputeRequest(fields, 'placement'), {
      providers: targets.map(providerView),
      signal: session.signal,
      ...(maxPrice === undefined ? {} : { maxPricePerHour: maxPrice }),
      // Each try is shown as it ends: the user sees why placement moved on.
      onEvent: ({ attempt }) => {
        if (!out.json)
          out.note(
            `${describeOffer(attempt.offer)}: ${attempt.outcome}${attempt.message && attempt.outcome !== 'placed' ? ` (${attempt.message})` : ''}`,
          );
      },
    });
    created = placement.compute;
    target = targets.find((t) => t.provider.id === created.provider) ?? target;
    if (out.json) {
      await finish(session, target, created, options, timeoutMs, {
        offer: placement.offer,
        attempts: placement.attempts,
      });
      return;
    }
  } else {
    created = await target.atlas.spawnCompute(toComputeRequest(fields, target.provider.id));
  }
  await finish(session, target, created, options, timeoutMs, undefined);
}

function requestFields(options: SpawnOptions, gpu: string): Record<string, unknown> {
  return {
    gpu,
    gpuCount: parseCount('--count', options.count, 16),
    ports: (options.port ?? []).map(parsePort),
    env: Object.fromEntries((options.env ?? []).map(parseEnvPair)),
    auth: options.auth,
    ...(options.image === undefined ? {} : { image: options.image }),
    ...(options.name === undefined ? {} : { name: options.name }),
    ...(options.region === undefined ? {} : { regionHints: options.region }),
    ...(options.cloud === undefined ? {} : { cloudType: options.cloud }),
  };
}

/** Placement needs the GPU on at least one of the providers; the others simply offer nothing. */
function checkGpuSomewhere(targets: readonly Target[], gpu: string): string {
  let firstError: unknown;
  for (const target of targets) {
    try {
      return checkGpu(target.provider, gpu);
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

function describeOffer(offer: Offer): string {
  return `${offer.provider} ${offer.nativeId} (${offer.cloudType}) ${money(offer.pricePerHour)}/h`;
}

async function finish(
  session: Session,
  target: Target,
  created: Compute,
  options: SpawnOptions,
  timeoutMs: number,
  placement: Pick<Placement, 'offer' | 'attempts'> | undefined,
): Promise<void> {
  const { out } = session;
  if (!out.json) printSpawned(out, created);
  let compute = created;
  if (options.wait) {
    try {
      compute = await waitForStatus(target, created.id, 'running', out, { timeoutMs, signal: session.signal });
    } catch (error) {
      // The machine exists (and may bill) even though the wait ended: say how to find or remove it.
      // Under --json the document carries it too, with the token, which nothing else will ever show.
      if (out.json) out.data({ error: errorJson(error), compute: created, ...placement });
      out.error(
        `atlas: ${created.id} was created on ${created.provider}; see it with \`atlas get ${created.id}\`, remove it with \`atlas rm ${created.id} --yes\`.`,
      );
      throw error;
    }
    out.line(`\n${renderCompute(compute, out.color)}`);
  }
  // The token exists only in the spawn result: keep it in the JSON even after the wait.
  const result = created.auth === undefined ? compute : { ...compute, auth: created.auth };
  if (out.json) out.data(placement === undefined ? result : { compute: result, ...placement });
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
