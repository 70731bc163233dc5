import { GPU_CATALOG, isKnownGpuId } from '@atlas/core';
import { quote } from '@atlas/placement';
import { requireKnownProvider } from '../config.js';
import { UsageError } from '../errors.js';
import { money } from '../output/format.js';
import { errorJson } from '../output/report-error.js';
import { renderTable } from '../output/table.js';
import { parseCount, parsePrice, providerList } from '../parse/flags.js';
import { connect, providerView, type Session } from '../session.js';
import { configuredProviderIds } from './configured-providers.js';

export interface QuoteOptions {
  readonly provider?: string[];
  readonly gpu: string;
  readonly count: string;
  readonly maxPrice?: string;
  readonly cloud?: 'secure' | 'community' | 'any';
}

/** One table across every configured provider (or the ones named), cheapest first, with when each price was read. */
export async function quoteCommand(session: Session, options: QuoteOptions): Promise<void> {
  const gpu = options.gpu.trim().toLowerCase();
  if (!isKnownGpuId(gpu)) {
    throw new UsageError(
      `--gpu "${options.gpu}" is not a canonical GPU id: allowed are ${Object.keys(GPU_CATALOG).sort().join(', ')}.`,
    );
  }
  const gpuCount = parseCount('--count', options.count, 16);
  const maxPrice = options.maxPrice === undefined ? undefined : parsePrice('--max-price', options.maxPrice);
  const requested = providerList(options.provider);
  for (const id of requested) requireKnownProvider(id);
  const ids = requested.length > 0 ? requested : configuredProviderIds(session);
  const targets = await Promise.all(ids.map((id) => connect(session, id, ids.length === 1)));
  const result = await quote(
    { gpu, gpuCount, ...(options.cloud === undefined ? {} : { cloudType: options.cloud }) },
    { providers: targets.map(providerView), signal: session.signal },
  );
  const offers = result.offers.filter((offer) => maxPrice === undefined || offer.pricePerHour <= maxPrice);
  const { out } = session;
  if (out.json) {
    out.data({ offers, errors: result.errors.map((e) => ({ provider: e.provider, error: errorJson(e.error) })) });
  } else if (offers.length === 0) {
    out.note(
      `No provider offers ${gpuCount} x ${gpu}${maxPrice === undefined ? '' : ` at most ${money(maxPrice)}/h`}.`,
    );
  } else {
    out.line(
      renderTable(
        ['provider', 'native id', 'gpus', 'cloud', 'price/h', 'stock', 'read at'],
        offers.map((offer) => [
          offer.provider,
          offer.nativeId,
          String(offer.gpuCount),
          offer.cloudType,
          money(offer.pricePerHour),
          offer.stock ?? '-',
          offer.observedAt,
        ]),
        out.color,
      ),
    );
  }
  // A provider whose catalog failed does not hide the others' prices; it is still reported.
  if (!out.json) for (const { error } of result.errors) out.error(`atlas: ${error.message}`);
}
