import { AtlasError, isAtlasError } from '@atlas/core';
import { ACTION_NAMES, type ActionName, runAction } from './actions.js';
import { CLIENT_SCRIPT } from './assets/client.js';
import { STYLE } from './assets/style.js';
import { Auth, type Credential, loginCookie, logoutCookie, sameOrigin } from './auth.js';
import { EventLog } from './event-log.js';
import { listMachines } from './machines.js';
import { toNodeHandler } from './node-handler.js';
import type { Dashboard, DashboardOptions } from './options.js';
import { eventsPage } from './pages/events.js';
import type { PageContext } from './pages/layout.js';
import { loginPage } from './pages/login.js';
import { machinesPage } from './pages/machines.js';
import { sessionFragment, sessionPage } from './pages/session.js';
import { type SessionsQuery, type SpendView, sessionsFragment, sessionsPage } from './pages/sessions.js';
import { pageRequest, paginate } from './paging.js';
import { errorJson, htmlResponse, jsonResponse, respond } from './responses.js';
import { finite } from './session-fields.js';
import { parseSort, sortSessions } from './session-sort.js';
import { sessionView } from './session-view.js';
import { sessionSpend } from './spend.js';
import { EventStreams } from './sse.js';

const DEFAULT_PAGE_SIZE = 50;

function normaliseBasePath(basePath = '/'): string {
  const trimmed = basePath.replace(/^\/+|\/+$/g, '');
  if (!/^[A-Za-z0-9._~\-/]*$/.test(trimmed)) {
    throw new AtlasError({ kind: 'validation', message: 'basePath may hold only URL path characters' });
  }
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

function segment(value: string): string | undefined {
  try {
    const decoded = decodeURIComponent(value);
    return /^[A-Za-z0-9_-]{1,64}$/.test(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

const isRead = (method: string) => method === 'GET' || method === 'HEAD';

/**
 * The dashboard: one web-standard handler (plus its Node form) over an orchestrator. Routes,
 * relative to basePath: pages `''` (sessions), `machines`, `events`, `sessions/:id`; fragments the
 * page script re-fetches (`fragments/...`); JSON under `api/` (`api/events` is the event stream,
 * `api/log` the recent entries); `login`, `logout`, and the two assets. Every route but `login`
 * needs the token.
 */
export function createDashboard(options: DashboardOptions): Dashboard {
  if (typeof options.tokenHash !== 'string' || !/^[0-9a-f]{64}$/i.test(options.tokenHash)) {
    throw new AtlasError({ kind: 'validation', message: 'tokenHash must be the 64 hex characters mintToken returns' });
  }
  const { orchestrator, providers } = options;
  const base = normaliseBasePath(options.basePath);
  const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
  const now = options.clock ?? Date.now;
  const can = { stop: typeof orchestrator.stop === 'function', start: typeof orchestrator.start === 'function' };

  const auth = new Auth(options.tokenHash, now);
  const log = new EventLog(now);
  const streams = new EventStreams(log);

  // One subscription feeds the recent-events ring and every open stream.
  const following = new AbortController();
  const followed = (async () => {
    try {
      for await (const event of orchestrator.events({ signal: following.signal })) log.addEvent(event);
    } catch {
      // The orchestrator's iterator failed: the pages still work, without new events.
    }
  })();

  async function sessionsData(query: SessionsQuery) {
    const at = now();
    const listed = await orchestrator.list(query.userId === undefined ? undefined : { userId: query.userId });
    const all = sortSessions(listed, query.sort, at);
    let totalSpendUsd = 0;
    for (const session of all) totalSpendUsd += sessionSpend(session, at) ?? 0;
    const page = paginate(all, query);
    const spend = await spendSummary(query.userId);
    // Only the page's rows become views: the work per request stays bounded by the page size.
    return {
      page: { ...page, items: page.items.map((s) => sessionView(s, at)) },
      totalSpendUsd,
      spend,
      can,
    };
  }

  /** Ended sessions' spend and the budget, from the orchestrator when it keeps them; numbers only. */
  async function spendSummary(userId: string | undefined): Promise<SpendView | undefined> {
    if (orchestrator.spend === undefined) return undefined;
    try {
      const summary = await orchestrator.spend(userId === undefined ? undefined : { userId });
      const totalUsd = finite(summary.totalUsd);
      if (totalUsd === undefined) return undefined;
      return { totalUsd, endedUsd: finite(summary.endedUsd), limitUsd: finite(summary.limitUsd) };
    } catch {
      // The sessions still show; only the all-time total is missing.
      return undefined;
    }
  }

  function sessionsQuery(url: URL): SessionsQuery {
    const user = url.searchParams.get('user')?.trim();
    return {
      userId: user === undefined || user === '' ? undefined : user,
      sort: parseSort(url.searchParams),
      ...pageRequest(url.searchParams, pageSize),
    };
  }

  async function sessionOf(id: string) {
    const session = await orchestrator.get(id);
    return session === undefined ? undefined : sessionView(session, now());
  }

  async function machines() {
    if (providers === undefined) return undefined;
    return listMachines(providers, orchestrator.ownerId, await orchestrator.list());
  }

  async function login(url: URL): Promise<Response> {
    const token = url.searchParams.get('token');
    if (token === null || !(await auth.verifyToken(token))) {
      return htmlResponse(loginPage(base, token !== null), 401);
    }
    const secure = url.protocol === 'https:';
    return respond(null, 303, {
      location: base,
      'set-cookie': loginCookie(await auth.issueCookie(), base, secure),
    });
  }

  function unauthorized(request: Request, path: string): Response {
    if (path.startsWith('api/') || path.startsWith('fragments/') || path.startsWith('assets/')) {
      return respond(JSON.stringify({ error: { kind: 'unauthorized', message: 'A valid token is required' } }), 401, {
        'content-type': 'application/json; charset=utf-8',
        'www-authenticate': 'Bearer',
      });
    }
    // A login link opened from another site (a chat, a mail) ends in a cross-site navigation, on
    // which the browser withholds the SameSite=Strict cookie /login just set: reload once, same-site.
    const crossSiteNavigation =
      request.headers.get('sec-fetch-site') === 'cross-site' && request.headers.get('sec-fetch-mode') === 'navigate';
    return htmlResponse(loginPage(base, false, crossSiteNavigation), 401, { 'www-authenticate': 'Bearer' });
  }

  async function write(request: Request, credential: Credential, path: string): Promise<Response> {
    if (!sameOrigin(request, credential)) return errorJson(403, 'forbidden', 'Cross-site request refused');
    if (credential.via === 'cookie' && !(await auth.validCsrf(credential, request.headers.get('x-csrf-token')))) {
      return errorJson(403, 'forbidden', 'Missing or invalid CSRF token');
    }
    if (path === 'logout') {
      auth.revoke(credential);
      await streams.recheck();
      return respond(null, 204, { 'set-cookie': logoutCookie(base, new URL(request.url).protocol === 'https:') });
    }
    const match = /^api\/sessions\/([^/]+)\/([a-z]+)$/.exec(path);
    const id = match === null ? undefined : segment(match[1]!);
    const action = match?.[2] as ActionName | undefined;
    if (id === undefined || action === undefined || !ACTION_NAMES.includes(action)) {
      return errorJson(404, 'not_found', 'No such action');
    }
    return runAction(orchestrator, log, action, id);
  }

  async function read(credential: Credential, url: URL, path: string, lastEventId: string | null): Promise<Response> {
    const ctx: PageContext = { base, csrf: await auth.csrfToken(credential) };
    switch (path) {
      case '': {
        const query = sessionsQuery(url);
        return htmlResponse(sessionsPage(ctx, query, await sessionsData(query)));
      }
      case 'machines':
        return htmlResponse(machinesPage(ctx, await machines(), orchestrator.providers?.()));
      case 'events':
        return htmlResponse(eventsPage(ctx, log.recent()));
      case 'fragments/sessions': {
        const query = sessionsQuery(url);
        return htmlResponse(sessionsFragment(ctx, query, await sessionsData(query)));
      }
      case 'api/sessions': {
        const data = await sessionsData(sessionsQuery(url));
        return jsonResponse({ ...data.page, totalSpendUsd: data.totalSpendUsd, spend: data.spend, now: now() });
      }
      case 'api/machines':
        return jsonResponse({ providers: (await machines()) ?? [] });
      case 'api/events':
        return streams.response(lastEventId, () => auth.stillValid(credential));
      case 'api/log':
        return jsonResponse({ events: log.recent(segment(url.searchParams.get('session') ?? '')) });
      case 'favicon.ico':
        // No icon, and no 404 in the console of every page load.
        return respond(null, 204);
      case 'assets/dashboard.css':
        return respond(STYLE, 200, { 'content-type': 'text/css; charset=utf-8' });
      case 'assets/dashboard.js':
        return respond(CLIENT_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' });
    }
    const match = /^(sessions|fragments\/sessions|api\/sessions)\/([^/]+)$/.exec(path);
    const id = match === null ? undefined : segment(match[2]!);
    if (match === null || id === undefined) return errorJson(404, 'not_found', 'Not found');
    const view = await sessionOf(id);
    if (match[1] === 'sessions') {
      return htmlResponse(sessionPage(ctx, id, view, log.recent(id), can), view === undefined ? 404 : 200);
    }
    if (view === undefined) return errorJson(404, 'not_found', `No live session ${id}`);
    if (match[1] === 'fragments/sessions') return htmlResponse(sessionFragment(view, can));
    return jsonResponse({ session: view, events: log.recent(id) });
  }

  async function handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const pathname = url.pathname.endsWith('/') ? url.pathname : `${url.pathname}/`;
    if (!pathname.startsWith(base)) return errorJson(404, 'not_found', 'Not found');
    const path = url.pathname.slice(base.length);
    const method = request.method.toUpperCase();
    if (path === 'login' && isRead(method)) return login(url);
    const credential = await auth.credential(request);
    if (credential === undefined) return unauthorized(request, path);
    if (method === 'POST') return write(request, credential, path);
    if (!isRead(method)) return respond(null, 405, { allow: 'GET, HEAD, POST' });
    const response = await read(credential, url, path, request.headers.get('last-event-id'));
    if (method === 'GET') return response;
    // HEAD: the GET's status and headers, no body (an event stream would otherwise stay open).
    await response.body?.cancel();
    return new Response(null, { status: response.status, headers: response.headers });
  }

  let closed = false;
  async function fetch(request: Request): Promise<Response> {
    if (closed) return errorJson(503, 'conflict', 'The dashboard is closed');
    try {
      return await handle(request);
    } catch (error) {
      // The orchestrator or its store failed (a database down). Only the kind is said: a store's
      // message may name a connection string.
      const kind = isAtlasError(error) ? error.kind : 'unknown';
      return errorJson(500, kind, 'The orchestrator could not answer; try again');
    }
  }
  return {
    fetch,
    node: toNodeHandler(fetch),
    async close() {
      closed = true;
      following.abort();
      streams.closeAll();
      await followed;
    },
  };
}
