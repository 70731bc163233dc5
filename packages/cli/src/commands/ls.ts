import type { ComputeFilter, ComputeStatus } from '@atlas/core';
import { gpuText, money, statusText } from '../output/format.js';
import { renderTable } from '../output/table.js';
import { connect, type Session, targetId } from '../session.js';

export interface LsOptions {
  readonly provider?: string;
  readonly status?: ComputeStatus;
  readonly name?: string;
}

export async function lsCommand(session: Session, options: LsOptions): Promise<void> {
  const target = await connect(session, targetId(session, options.provider));
  const filter: ComputeFilter = {
    ...(options.status === undefined ? {} : { status: options.status }),
    ...(options.name === undefined ? {} : { name: options.name }),
  };
  const computes = await target.atlas.listCompute(filter);
  const { out } = session;
  if (out.json) return out.data(computes);
  if (out.options.quiet) {
    for (const c of computes) out.essential(c.id);
    return;
  }
  if (computes.length === 0) {
    out.note(`No machines on ${target.provider.id}${options.status || options.name ? ' match' : ''}.`);
    return;
  }
  out.line(
    renderTable(
      ['id', 'name', 'status', 'gpu', 'cost/h', 'image', 'urls'],
      computes.map((c) => [
        c.id,
        c.name ?? '-',
        statusText(c.status, out.color),
        gpuText(c),
        money(c.costPerHour),
        c.image ?? '-',
        c.ports.map((p) => p.url ?? `${p.internal}/${p.protocol}`).join('\n') || '-',
      ]),
      out.color,
    ),
  );
}
