import { GPU_CATALOG, type GpuType, isKnownGpuId } from '@atlas/core';
import { nativeGpuIds } from '@atlas/core/provider';
import { defaultProviderId, requireKnownProvider } from '../config.js';
import { UsageError } from '../errors.js';
import { cheapestPrice, money } from '../output/format.js';
import { errorJson } from '../output/report-error.js';
import { renderTable } from '../output/table.js';
import { connect, requireStubOperation, type Session } from '../session.js';
import { configuredProviderIds } from './configured-providers.js';

export interface GpusOptions {
  readonly provider?: string[];
  readonly gpu?: string;
  readonly sort: 'price' | 'memory';
}

/**
 * Without --provider: every provider that has a key configured and a catalog, plus the default
 * provider (so a missing key for it is reported instead of an empty table).
 */
function chooseProviders(session: Session, requested: readonly string[] | undefined): string[] {
  if (requested !== undefined && requested.length > 0) {
    // commander's choices() check does not survive the repeatable parser, so names are checked here,
    // before any request: a typo is a usage error, not one failure among the results.
    for (const id of requested) requireKnownProvider(id);
    return [...new Set(requested)];
  }
  return configuredProviderIds(session);
}

export async function gpusCommand(session: Session, options: GpusOptions): Promise<void> {
  const { out } = session;
  const ids = chooseProviders(session, options.provider);
  const wanted = options.gpu?.trim().toLowerCase();
  if (wanted !== undefined && !isKnownGpuId(wanted)) {
    throw new UsageError(
      `--gpu "${options.gpu}" is not a canonical GPU id: allowed are ${Object.keys(GPU_CATALOG).sort().join(', ')}.`,
    );
  }
  // Flags such as --api-key belong to the provider when exactly one is targeted, else to the default.
  const flagTarget = ids.length === 1 ? ids[0] : defaultProviderId(undefined, session.file);
  const failures: unknown[] = [];
  const lists = await Promise.all(
    ids.map(async (id) => {
      try {
        const target = await connect(session, id, id === flagTarget);
        requireStubOperation(target, 'listGpuTypes');
        const listed = await target.atlas.listGpuTypes();
        // `h100` also finds `h100_sxm` and `h100_pcie` where the provider maps h100 to both.
        const natives = wanted === undefined ? [] : nativeGpuIds(target.provider.gpuMap ?? {}, wanted);
        return listed.filter(
          (g) =>
            wanted === undefined || g.canonical === wanted || g.id.toLowerCase() === wanted || natives.includes(g.id),
        );
      } catch (error) {
        // One cloud failing should not hide the others' prices; the error still sets the exit code.
        if (ids.length === 1) throw error;
        failures.push(error);
        return [] as GpuType[];
      }
    }),
  );
  const gpus = lists
    .flat()
    .sort((a, b) =>
      options.sort === 'memory'
        ? (b.memoryGb ?? 0) - (a.memoryGb ?? 0) || cheapestPrice(a) - cheapestPrice(b)
        : cheapestPrice(a) - cheapestPrice(b) || a.id.localeCompare(b.id),
    );
  // --json keeps stdout one document: on a partial failure, the prices that did arrive sit next to the errors.
  if (out.json)
    out.data(failures.length === 0 ? gpus : { error: errorJson(failures[0]), errors: failures.map(errorJson), gpus });
  else if (out.options.quiet) for (const g of gpus) out.essential(`${g.provider}\t${g.canonical ?? g.id}`);
  else if (gpus.length === 0)
    out.note(wanted === undefined ? 'No GPUs listed.' : `No provider lists a GPU "${wanted}".`);
  else
    out.line(
      renderTable(
        ['gpu', 'native id', 'provider', 'memory', 'secure/h', 'community/h', 'spot/h', 'stock'],
        gpus.map((g) => [
          g.canonical ?? '-',
          g.id,
          g.provider,
          g.memoryGb === undefined ? '-' : `${g.memoryGb} GB`,
          money(g.pricePerHour.secure),
          money(g.pricePerHour.community),
          money(g.pricePerHour.spot),
          g.stock ?? '-',
        ]),
        out.color,
      ),
    );
  // The first failure becomes the exit status and its message; the others are listed here.
  for (const failure of failures.slice(1)) out.error(`atlas: ${(failure as Error).message}`);
  if (failures.length > 0) throw failures[0];
}
