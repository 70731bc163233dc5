import type { Html } from './html.js';

/**
 * Headers on every response: nothing is cached (pages hold live state and a CSRF token), only
 * the package's own script and style run, the page cannot be framed, and no URL leaks as a referrer.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

export function respond(body: BodyInit | null, status: number, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { ...SECURITY_HEADERS, ...headers } });
}

export function htmlResponse(page: Html, status = 200, headers: Record<string, string> = {}): Response {
  return respond(page.value, status, { 'content-type': 'text/html; charset=utf-8', ...headers });
}

export function jsonResponse(value: unknown, status = 200): Response {
  return respond(JSON.stringify(value), status, { 'content-type': 'application/json; charset=utf-8' });
}

export function errorJson(status: number, kind: string, message: string): Response {
  return jsonResponse({ error: { kind, message } }, status);
}
