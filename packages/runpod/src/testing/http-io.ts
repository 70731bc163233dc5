import type { FakeResponse } from '@atlas/fake-kit';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Internal Server Error' : 'Error');
}

/**
 * An RFC 9457 body the way REST v2 sends it (errors.md): title, status, detail, and `errors` for 422.
 * `instance` names the request path so a failing test shows which call it was.
 */
export function problem(
  status: number,
  detail: string,
  extra?: { errors?: string[]; instance?: string; headers?: Record<string, string> },
): FakeResponse {
  const body: Record<string, unknown> = { type: 'about:blank', title: statusTitle(status), status, detail };
  if (extra?.instance !== undefined) body.instance = extra.instance;
  if (extra?.errors !== undefined) body.errors = extra.errors;
  return {
    status,
    body,
    contentType: 'application/problem+json',
    ...(extra?.headers ? { headers: extra.headers } : {}),
  };
}

export function json(status: number, body: unknown): FakeResponse {
  return { status, body };
}

export const NO_CONTENT: FakeResponse = { status: 204 };
