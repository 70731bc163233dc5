import type { EventView } from '../event-view.js';
import { formatDuration, formatTime, formatUsd } from '../format.js';
import { type Html, html } from '../html.js';
import type { SessionView } from '../session-view.js';
import { eventsTable } from './events.js';
import { layout, type PageContext } from './layout.js';
import { type Capabilities, sessionActions } from './session-actions.js';
import { gpuLabel, statusLabel } from './sessions.js';

function placement(view: SessionView): Html {
  if (view.attempts.length === 0) {
    return html`<p>No placement history: this session was spawned on <strong>${view.provider}</strong> directly.</p>`;
  }
  return html`<div class="table-wrap">
<table class="attempts">
<caption>Placement attempts, in the order they were made${view.offer === undefined ? '' : html` (landed on ${[view.offer.provider, view.offer.region].filter(Boolean).join('/')})`}</caption>
<thead><tr><th scope="col">#</th><th scope="col">Provider</th><th scope="col">Region</th><th scope="col">Price/h</th>
<th scope="col">Outcome</th><th scope="col">Error</th><th scope="col">Took</th></tr></thead>
<tbody>
${view.attempts.map(
  (a, i) => html`<tr>
<th scope="row">${i + 1}</th><td>${a.provider ?? '—'}</td><td>${a.region ?? '—'}</td><td class="num">${formatUsd(a.pricePerHour)}</td>
<td>${a.outcome ?? '—'}</td><td>${[a.errorKind, a.message].filter(Boolean).join(': ') || '—'}</td><td class="num">${a.durationMs === undefined ? '—' : `${a.durationMs} ms`}</td>
</tr>`,
)}
</tbody>
</table>
</div>`;
}

/** The part of a session's page the script re-fetches when one of its events arrives. */
export function sessionFragment(view: SessionView, can: Capabilities): Html {
  const field = (label: string, value: Html | string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<dl class="fields">
${field('Status', statusLabel(view))}
${field('Owner', view.ownerId)}
${field('User', view.userId ?? '—')}
${field('Provider', [view.provider, view.region].filter(Boolean).join(' / '))}
${field('Machine', view.computeId ?? '—')}
${field('GPU', gpuLabel(view))}
${field('Created', formatTime(view.createdAt))}
${field('Age', formatDuration(view.ageMs))}
${field('Last touched', `${formatTime(view.lastTouchedAt)} (idle ${formatDuration(view.idleMs)})`)}
${field('Idle deadline', formatTime(view.idleDeadline))}
${field('Max deadline', formatTime(view.maxDeadline))}
${field('Time left', formatDuration(view.timeLeftMs))}
${field('Price/h', formatUsd(view.pricePerHour))}
${field('Spend so far', formatUsd(view.spendUsd))}
${field('Budget', formatUsd(view.maxCostUsd))}
</dl>
${sessionActions(view, can)}
<h2>Placement history</h2>
${placement(view)}`;
}

export function sessionPage(
  ctx: PageContext,
  id: string,
  view: SessionView | undefined,
  events: readonly EventView[],
  can: Capabilities,
): Html {
  const body =
    view === undefined
      ? html`<p>No live session <code>${id}</code>: it has ended (or never existed). Its recent events, if any, are below.</p>`
      : html`<div id="session" tabindex="-1" data-fragment="${ctx.base}fragments/sessions/${id}" data-session="${id}">
${sessionFragment(view, can)}
</div>`;
  return layout(
    ctx,
    undefined,
    `Session ${id}`,
    html`<h1>Session <code>${id}</code></h1>
${body}
<h2>Events</h2>
${eventsTable(ctx, events, `Events of session ${id}, newest first`, id)}`,
  );
}
