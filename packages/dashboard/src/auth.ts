import { constantTimeEqual, toBase64Url, verifyToken } from '@atlas/core';

export const COOKIE_NAME = 'atlas_dashboard';
/** A login lasts this long; then the token is asked for again. */
export const LOGIN_TTL_MS = 12 * 3_600_000;

/** How a request proved it holds the token. */
export type Credential = { readonly via: 'bearer' } | { readonly via: 'cookie'; readonly cookie: string };

const encoder = new TextEncoder();

/**
 * Login cookies and CSRF tokens, both HMACs under a key made fresh for each dashboard: the
 * cookie never holds the access token (a stolen cookie dies with the process, after LOGIN_TTL_MS,
 * or at sign-out), and the CSRF token is derived from the cookie. The only state: the cookies
 * signed out before their time, each kept until it would have expired anyway.
 */
export class Auth {
  readonly #tokenHash: string;
  readonly #now: () => number;
  readonly #key: Promise<CryptoKey>;
  /** Signed-out cookie -> when it was issued. */
  readonly #revoked = new Map<string, number>();

  constructor(tokenHash: string, now: () => number) {
    this.#tokenHash = tokenHash;
    this.#now = now;
    this.#key = crypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  }

  async #mac(label: string): Promise<string> {
    const signature = await crypto.subtle.sign('HMAC', await this.#key, encoder.encode(label));
    return toBase64Url(new Uint8Array(signature));
  }

  verifyToken(candidate: string): Promise<boolean> {
    return verifyToken(candidate, this.#tokenHash);
  }

  /**
   * `<issued-at>.<nonce>.<mac>`: proves a login with the token at that time, to this dashboard
   * only. The nonce makes two logins in the same millisecond two cookies (signing one out leaves the other).
   */
  async issueCookie(): Promise<string> {
    const issuedAt = String(this.#now());
    const nonce = toBase64Url(crypto.getRandomValues(new Uint8Array(12)));
    return `${issuedAt}.${nonce}.${await this.#mac(`login:${issuedAt}.${nonce}`)}`;
  }

  async #validCookie(value: string): Promise<boolean> {
    const [issuedAt, nonce, mac, extra] = value.split('.');
    if (mac === undefined || extra !== undefined || !/^\d{1,16}$/.test(issuedAt!)) return false;
    const age = this.#now() - Number(issuedAt);
    if (age < 0 || age > LOGIN_TTL_MS || this.#revoked.has(value)) return false;
    return constantTimeEqualText(mac, await this.#mac(`login:${issuedAt}.${nonce}`));
  }

  /** Whether a credential still holds: a bearer token always does, a login cookie until it expires or is signed out. */
  stillValid(credential: Credential): Promise<boolean> {
    return credential.via === 'bearer' ? Promise.resolve(true) : this.#validCookie(credential.cookie);
  }

  /** The request's credential: a valid bearer token (wins) or login cookie; undefined when neither. */
  async credential(request: Request): Promise<Credential | undefined> {
    const header = request.headers.get('authorization');
    if (header !== null) return (await this.verifyToken(header)) ? { via: 'bearer' } : undefined;
    const cookie = readCookie(request.headers.get('cookie'), COOKIE_NAME);
    if (cookie !== undefined && (await this.#validCookie(cookie))) return { via: 'cookie', cookie };
    return undefined;
  }

  /** Sign-out: this cookie is refused from now on, even if the browser kept a copy. */
  revoke(credential: Credential): void {
    if (credential.via !== 'cookie') return;
    const now = this.#now();
    for (const [cookie, issuedAt] of this.#revoked) if (now - issuedAt > LOGIN_TTL_MS) this.#revoked.delete(cookie);
    this.#revoked.set(credential.cookie, Number(credential.cookie.split('.')[0]));
  }

  /** The CSRF token the page sends back in `x-csrf-token`: bound to the login cookie. */
  csrfToken(credential: Credential): Promise<string> {
    return this.#mac(`csrf:${credential.via === 'cookie' ? credential.cookie : 'bearer'}`);
  }

  async validCsrf(credential: Credential, presented: string | null): Promise<boolean> {
    return presented !== null && constantTimeEqualText(presented, await this.csrfToken(credential));
  }
}

/** Compares two texts without an early exit (core's constantTimeEqual on their bytes). */
function constantTimeEqualText(a: string, b: string): boolean {
  return constantTimeEqual(encoder.encode(a), encoder.encode(b));
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (header === null) return undefined;
  for (const pair of header.split(';')) {
    const index = pair.indexOf('=');
    if (index > 0 && pair.slice(0, index).trim() === name) return pair.slice(index + 1).trim();
  }
  return undefined;
}

export function loginCookie(value: string, basePath: string, secure: boolean): string {
  const attributes = [`Path=${basePath}`, 'HttpOnly', 'SameSite=Strict', `Max-Age=${LOGIN_TTL_MS / 1000}`];
  if (secure) attributes.push('Secure');
  return `${COOKIE_NAME}=${value}; ${attributes.join('; ')}`;
}

export function logoutCookie(basePath: string, secure: boolean): string {
  return `${COOKIE_NAME}=; Path=${basePath}; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}

/**
 * A state-changing request must come from the dashboard's own page: `Sec-Fetch-Site` (sent by
 * every current browser) must say same-origin, and `Origin`, when present, must name this host.
 * A browser request with neither is refused when it rides on the cookie; a bearer request from a
 * script (curl sends neither) passes, since no browser attaches an Authorization header on its own.
 */
export function sameOrigin(request: Request, credential: Credential): boolean {
  const site = request.headers.get('sec-fetch-site');
  const origin = request.headers.get('origin');
  if (site !== null && site !== 'same-origin') return false;
  if (origin !== null) {
    // The host only: behind a TLS-terminating proxy the request URL says http while the page is https.
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      return false;
    }
    if (host !== new URL(request.url).host) return false;
  }
  if (site === null && origin === null) return credential.via === 'bearer';
  return true;
}
