import type { EventView } from '../event-view.js';
import { formatTime } from '../format.js';
import { type Html, html } from '../html.js';
import { layout, type PageContext } from './layout.js';

/**
 * A table of events, newest first. The script prepends what the stream brings with the same
 * four cells (time, type, session, summary), built from the same fields.
 */
export function eventsTable(ctx: PageContext, events: readonly EventView[], caption: string, sessionId?: string): Html {
  return html`<div class="table-wrap">
<table class="events">
<caption>${caption}</caption>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Type</th><th scope="col">Session</th><th scope="col">What</th></tr></thead>
<tbody data-events${sessionId === undefined ? '' : html` data-session="${sessionId}"`}>
${events.length === 0 ? html`<tr class="empty"><td colspan="4">No events yet.</td></tr>` : events.map((e) => eventRow(ctx, e))}
</tbody>
</table>
</div>`;
}

function eventRow(ctx: PageContext, e: EventView): Html {
  return html`<tr class="${e.kind}">
<td class="time">${formatTime(e.at)}</td>
<td>${e.type}</td>
<td>${e.sessionId === undefined ? '—' : html`<a href="${ctx.base}sessions/${e.sessionId}">${e.sessionId}</a>`}</td>
<td>${e.summary}</td>
</tr>`;
}

export function eventsPage(ctx: PageContext, events: readonly EventView[]): Html {
  return layout(
    ctx,
    'events',
    'Events',
    html`<h1>Events</h1>
<p>What the orchestrator did and saw, and what was done from this dashboard (type <code>action:…</code>), newest first.
New entries appear as they happen.</p>
${eventsTable(ctx, events, 'Latest events and dashboard actions, newest first')}`,
  );
}
