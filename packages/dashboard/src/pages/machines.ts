import { formatTime, formatUsd } from '../format.js';
import { type Html, html } from '../html.js';
import type { MachineView, ProviderMachines } from '../machines.js';
import { layout, type PageContext } from './layout.js';
import { gpuLabel } from './sessions.js';

/** Rows shown per provider; the rest are counted. A provider with more is a problem the page names. */
export const MAX_MACHINES_SHOWN = 500;

const KIND_HELP: Record<MachineView['kind'], string> = {
  tracked: 'held by a live session',
  orphaned: 'stamped by this orchestrator, but no live session holds it',
  foreign: 'not created by this orchestrator',
};

const KIND_ORDER: Record<MachineView['kind'], number> = { orphaned: 0, foreign: 1, tracked: 2 };

function row(ctx: PageContext, m: MachineView): Html {
  const session =
    m.kind === 'tracked'
      ? html`<a href="${ctx.base}sessions/${m.sessionId}">${m.sessionId}</a>`
      : m.kind === 'orphaned'
        ? html`none <span class="muted">(stamp: ${m.sessionId})</span>`
        : m.stampOwner === undefined
          ? '—'
          : html`<span class="muted">owner ${m.stampOwner}</span>`;
  return html`<tr class="machine-${m.kind}">
<th scope="row">${m.id}</th>
<td>${m.name ?? '—'}</td>
<td><span class="tag tag-${m.kind}" title="${KIND_HELP[m.kind]}">${m.kind}</span></td>
<td>${m.status}</td>
<td>${gpuLabel(m)}</td>
<td>${m.region ?? '—'}</td>
<td class="num">${formatUsd(m.pricePerHour)}</td>
<td>${m.createdAt === undefined ? '—' : formatTime(Date.parse(m.createdAt))}</td>
<td>${session}</td>
</tr>`;
}

function providerSection(ctx: PageContext, p: ProviderMachines): Html {
  // A terminated machine bills nothing and needs nothing: counted, not listed.
  const standing = p.machines.filter((m) => m.status !== 'terminated');
  const terminated = p.machines.length - standing.length;
  const count = (kind: MachineView['kind']) => standing.filter((m) => m.kind === kind).length;
  const unheldPerHour = standing.reduce((sum, m) => sum + (m.kind === 'tracked' ? 0 : (m.pricePerHour ?? 0)), 0);
  // What needs a look first: orphans, then foreign machines, then the tracked ones.
  const shown = [...standing].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]).slice(0, MAX_MACHINES_SHOWN);
  const headingId = `provider-${p.provider}`;
  return html`<section aria-labelledby="${headingId}">
<h2 id="${headingId}">${p.provider}</h2>
${p.error === undefined ? '' : html`<p class="error" role="alert">Could not list machines on ${p.provider}: ${p.error}</p>`}
<div class="table-wrap">
<table class="machines">
<caption>Machines on ${p.provider}: ${standing.length} (${count('tracked')} tracked, ${count('orphaned')} orphaned, ${count('foreign')} foreign)${shown.length < standing.length ? `, the first ${shown.length} shown` : ''}${terminated > 0 ? `; ${terminated} terminated not listed` : ''}${unheldPerHour > 0 ? `; the machines no session holds bill ${formatUsd(unheldPerHour)}/h` : ''}</caption>
<thead><tr><th scope="col">Machine</th><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Status</th>
<th scope="col">GPU</th><th scope="col">Region</th><th scope="col">Price/h</th><th scope="col">Created</th><th scope="col">Session</th></tr></thead>
<tbody>
${shown.length === 0 ? html`<tr><td colspan="9" class="empty">No machines.</td></tr>` : shown.map((m) => row(ctx, m))}
</tbody>
</table>
</div>
</section>`;
}

export function machinesPage(
  ctx: PageContext,
  providers: readonly ProviderMachines[] | undefined,
  orchestratorProviders: readonly string[] | undefined,
): Html {
  const body =
    providers === undefined
      ? html`<p>No providers were given to the dashboard (its <code>providers</code> option), so it cannot list machines.${
          orchestratorProviders === undefined || orchestratorProviders.length === 0
            ? ''
            : html` The orchestrator works with: ${orchestratorProviders.join(', ')}.`
        }</p>`
      : providers.map((p) => providerSection(ctx, p));
  return layout(
    ctx,
    'machines',
    'Machines',
    html`<h1>Machines</h1>
<p>Every machine each provider lists, whoever made it. <span class="tag tag-orphaned">orphaned</span> and
<span class="tag tag-foreign">foreign</span> machines are marked and have no actions here: end them at the provider
(or let the reaper end the orphans). <a href="${ctx.base}machines">Refresh</a></p>
${body}`,
  );
}
