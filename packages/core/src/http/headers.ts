import { registerSecret } from '../errors/redact.js';
import { VERSION } from '../version.js';
import type { HttpClientOptions } from './types.js';

const USER_AGENT = `atlas-sdk/${VERSION}`;
/** JSON, and RFC 9457 problem details: servers that negotiate (RunPod v2) then answer errors in a shape we read. */
export const DEFAULT_ACCEPT = 'application/json, application/problem+json';
/** Headers whose values are credentials, wherever a provider puts them. */
const CREDENTIAL_HEADERS =
  /^(?:authorization|proxy-authorization|x-api-key|api-key|apikey|x-auth-token|x-access-token|cookie)$/i;

/** The headers of every request of a client: Accept, User-Agent, the bearer key and the provider's own. */
export function clientHeaders(options: HttpClientOptions): Record<string, string> {
  const headers: Record<string, string> = { accept: DEFAULT_ACCEPT, 'user-agent': USER_AGENT };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  if (options.headers !== undefined) addHeaders(headers, options.headers);
  return headers;
}

/** One request's headers: the client's, Content-Type for a JSON body, then the request's own (which win). */
export function requestHeaders(
  base: Readonly<Record<string, string>>,
  extra: Readonly<Record<string, string>> | undefined,
  hasJsonBody: boolean,
): Readonly<Record<string, string>> {
  if (extra === undefined && !hasJsonBody) return base;
  const headers: Record<string, string> = { ...base };
  if (hasJsonBody) headers['content-type'] = 'application/json';
  if (extra !== undefined) addHeaders(headers, extra);
  return headers;
}

/** Lower-cased names; credential values are registered for redaction. */
function addHeaders(headers: Record<string, string>, extra: Readonly<Record<string, string>>): void {
  for (const [name, value] of Object.entries(extra)) {
    headers[name.toLowerCase()] = value;
    if (CREDENTIAL_HEADERS.test(name)) for (const form of credentialForms(value)) registerSecret(form);
  }
}

/**
 * The secrets one request carries: the API key and the credential header values, the client's and
 * the request's own. The client holds them for redaction while the request runs.
 */
export function requestCredentials(
  options: HttpClientOptions,
  extra: Readonly<Record<string, string>> | undefined,
): string[] {
  const credentials = options.apiKey ? [options.apiKey] : [];
  for (const headers of [options.headers, extra]) {
    if (headers === undefined) continue;
    for (const [name, value] of Object.entries(headers)) {
      if (CREDENTIAL_HEADERS.test(name)) credentials.push(...credentialForms(value));
    }
  }
  return credentials;
}

/** `Bearer abc` counts `abc` too: the bare token is what a server echoes back. */
function credentialForms(value: string): string[] {
  const space = value.indexOf(' ');
  return space > 0 ? [value, value.slice(space + 1).trim()] : [value];
}
