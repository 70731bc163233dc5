import { formatDuration, formatUsd } from '../format.js';
import { type Html, html } from '../html.js';
import type { Page } from '../paging.js';
import { DEFAULT_SORT, SORT_COLUMNS, type Sort, type SortColumn, type SortDirection } from '../session-sort.js';
import type { SessionView } from '../session-view.js';
import { layout, type PageContext } from './layout.js';
import { type Capabilities, sessionActions } from './session-actions.js';

export interface SessionsQuery {
  readonly userId: string | undefined;
  readonly sort: Sort;
  readonly page: number;
  readonly size: number;
}

/** The orchestrator's own spend summary (ended sessions included), when it keeps one. */
export interface SpendView {
  readonly totalUsd: number;
  readonly endedUsd: number | undefined;
  readonly limitUsd: number | undefined;
}

export interface SessionsData {
  readonly page: Page<SessionView>;
  /** Spend of every listed session (all pages). */
  readonly totalSpendUsd: number;
  readonly spend: SpendView | undefined;
  readonly can: Capabilities;
}

export function queryString(query: SessionsQuery, page = query.page, sort = query.sort): string {
  const params = new URLSearchParams({ page: String(page), size: String(query.size) });
  if (query.userId !== undefined) params.set('user', query.userId);
  if (sort.column !== DEFAULT_SORT.column || sort.direction !== DEFAULT_SORT.direction) {
    params.set('sort', sort.column);
    params.set('dir', sort.direction === 'ascending' ? 'asc' : 'desc');
  }
  return params.toString();
}

/**
 * A column header that sorts: a link to the first page in this column's order (the other way
 * round when it is the current one), `aria-sort` on the current one.
 */
function sortableHeader(
  ctx: PageContext,
  query: SessionsQuery,
  column: SortColumn,
  label: string,
  numeric: boolean,
): Html {
  const current = query.sort.column === column ? query.sort.direction : undefined;
  const next: SortDirection =
    current === undefined ? SORT_COLUMNS[column].natural : current === 'ascending' ? 'descending' : 'ascending';
  const arrow = current === undefined ? '' : current === 'ascending' ? ' ▲' : ' ▼';
  return html`<th scope="col"${numeric ? html` class="num"` : ''}${current === undefined ? '' : html` aria-sort="${current}"`}><a href="${ctx.base}?${queryString(query, 1, { column, direction: next })}">${label}</a>${arrow === '' ? '' : html`<span aria-hidden="true">${arrow}</span>`}</th>`;
}

export function gpuLabel(view: { gpuType: string | undefined; gpuCount: number | undefined }): string {
  if (view.gpuType === undefined) return view.gpuCount === 0 ? 'CPU' : '—';
  return `${view.gpuCount ?? 1}× ${view.gpuType}`;
}

export function statusLabel(view: SessionView): string {
  return view.status === undefined ? view.state : `${view.state} · ${view.status}`;
}

function row(ctx: PageContext, view: SessionView, can: Capabilities): Html {
  return html`<tr id="row-${view.id}">
<th scope="row"><a href="${ctx.base}sessions/${view.id}">${view.id}</a></th>
<td>${view.ownerId}</td>
<td>${view.userId ?? '—'}</td>
<td>${view.provider}${view.region === undefined ? '' : html`<br><span class="muted small">${view.region}</span>`}</td>
<td>${gpuLabel(view)}</td>
<td><span class="state state-${view.state}">${statusLabel(view)}</span></td>
<td class="num">${formatDuration(view.ageMs)}</td>
<td class="num">${formatDuration(view.idleMs)}</td>
<td class="num">${formatDuration(view.timeLeftMs)}</td>
<td class="num">${formatUsd(view.spendUsd)}</td>
<td class="num">${formatUsd(view.pricePerHour)}</td>
<td class="actions-cell">${sessionActions(view, can)}</td>
</tr>`;
}

function pager(ctx: PageContext, query: SessionsQuery, page: Page<SessionView>): Html {
  const link = (target: number, label: string, rel: string) =>
    html`<a href="${ctx.base}?${queryString(query, target)}" rel="${rel}">${label}</a>`;
  return html`<nav class="pager" aria-label="Session pages">
${page.page > 1 ? link(1, 'First', 'first') : ''}
${page.page > 1 ? link(page.page - 1, 'Previous', 'prev') : ''}
<span>Page ${page.page} of ${page.pages}</span>
${page.page < page.pages ? link(page.page + 1, 'Next', 'next') : ''}
${page.page < page.pages ? link(page.pages, 'Last', 'last') : ''}
</nav>`;
}

/** The part of the page the script re-fetches on every event: summary, table, pager. */
export function sessionsFragment(ctx: PageContext, query: SessionsQuery, data: SessionsData): Html {
  const { page } = data;
  const first = page.total === 0 ? 0 : (page.page - 1) * page.size + 1;
  const last = (page.page - 1) * page.size + page.items.length;
  return html`<p class="summary">${page.total} live session${page.total === 1 ? '' : 's'}${query.userId === undefined ? '' : html` of user <strong>${query.userId}</strong>`} · spend so far ${formatUsd(data.totalSpendUsd)}${data.spend === undefined ? '' : html` · ${formatUsd(data.spend.totalUsd)} in all, ended sessions included${data.spend.limitUsd === undefined ? '' : html` (budget ${formatUsd(data.spend.limitUsd)})`}`}</p>
<div class="table-wrap">
<table class="sessions">
<caption>Live sessions ${first}–${last} of ${page.total}, ${SORT_COLUMNS[query.sort.column].describe[query.sort.direction]}</caption>
<thead><tr>
<th scope="col">Session</th><th scope="col">Owner</th>${sortableHeader(ctx, query, 'user', 'User', false)}${sortableHeader(ctx, query, 'provider', 'Provider', false)}
<th scope="col">GPU</th><th scope="col">Status</th>${sortableHeader(ctx, query, 'age', 'Age', true)}${sortableHeader(ctx, query, 'idle', 'Idle', true)}
${sortableHeader(ctx, query, 'left', 'Time left', true)}${sortableHeader(ctx, query, 'spend', 'Spend', true)}${sortableHeader(ctx, query, 'price', 'Price/h', true)}<th scope="col">Actions</th>
</tr></thead>
<tbody>
${page.items.length === 0 ? html`<tr><td colspan="12" class="empty">No live sessions.</td></tr>` : page.items.map((view) => row(ctx, view, data.can))}
</tbody>
</table>
</div>
${pager(ctx, query, page)}`;
}

export function sessionsPage(ctx: PageContext, query: SessionsQuery, data: SessionsData): Html {
  const sizes = [25, 50, 100, 250, 500];
  if (!sizes.includes(query.size)) sizes.push(query.size);
  return layout(
    ctx,
    'sessions',
    'Sessions',
    html`<h1>Sessions</h1>
<form class="filters" method="get" action="${ctx.base}" role="search" aria-label="Filter sessions">
<label>User <input name="user" value="${query.userId ?? ''}" autocomplete="off"></label>
<label>Per page <select name="size">${sizes
      .sort((a, b) => a - b)
      .map((n) => html`<option value="${n}"${n === query.size ? html` selected` : ''}>${n}</option>`)}</select></label>
${
  query.sort === DEFAULT_SORT
    ? ''
    : html`<input type="hidden" name="sort" value="${query.sort.column}"><input type="hidden" name="dir" value="${query.sort.direction === 'ascending' ? 'asc' : 'desc'}">`
}
<button type="submit">Apply</button>
</form>
<div id="sessions" tabindex="-1" data-fragment="${ctx.base}fragments/sessions?${queryString(query)}">
${sessionsFragment(ctx, query, data)}
</div>`,
  );
}
