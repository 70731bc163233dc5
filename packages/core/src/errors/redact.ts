/**
 * Secret redaction. Atlas promises that no error, log line, hook event or `raw` ever holds an
 * API key, a bearer token or a compute's env value. Two mechanisms make that hold:
 * - a registry of known secret values (API keys seen by the HTTP layer, minted tokens, env values),
 *   replaced wherever they appear in text (secret-registry.ts);
 * - patterns for secrets we never saw (an `Authorization` header, `api_key=` in a URL).
 */

import { MIN_SECRET_LENGTH, registerSecret, replaceSecrets } from './secret-registry.js';

export { holdSecrets, registerSecret, secretRegistryStats } from './secret-registry.js';

export const REDACTED = '[redacted]';

// A signed URL is a credential until it expires, so its signature counts as a secret too.
const SECRET_QUERY_PARAMS =
  /([?&](?:api[_-]?key|key|token|access_token|secret|signature|sig|password|atlas_signature|x-amz-signature)=)[^&#\s"']*/gi;
/** A credential header as a line (`X-Api-Key: ...`) or as a JSON field (`"authorization": "..."`). */
const AUTH_HEADER =
  /\b((?:proxy-)?authorization|x-api-key|api-key|x-auth-token|x-access-token)("?\s*[:=]\s*"?(?:bearer|basic|token)?\s*)[^\s",}]+/gi;
const BEARER = /\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]+@/gi;
/** Secret-named fields inside text: a JSON fragment (`"hf_token": "..."`) or an assignment (`HF_TOKEN=...`). */
const SECRET_NAME = '[\\w-]*(?:api[_-]?key|apikey|token|secret|password|passwd|private[_-]?key)';
const QUOTED_SECRET_FIELD = new RegExp(`(["']${SECRET_NAME}["']\\s*:\\s*["'])[^"']*`, 'gi');
const ASSIGNED_SECRET = new RegExp(`(\\b${SECRET_NAME}=["']?)[^\\s&"',;]+`, 'gi');

/**
 * Every match of the patterns below contains one of these words (a secret-ish name, `sig`,
 * `authorization`, `bearer`, or the `://` of a URL), so a text without any cannot match them and
 * skips the six replaces: most strings in a provider's response are names, ids and images.
 */
const MAY_HOLD_PATTERN = /key|token|secret|sig|passw|authorization|bearer|:\/\//i;

/**
 * Registers every value of a compute request's env, whatever its name: a cloud that echoes one in an
 * error cannot leak it, and a name is no proof that a value is harmless (`MODEL_URL` may carry a
 * signed link). The price: a value of 8 characters or more (`NODE_ENV=production`) is redacted from
 * every text in the process while it is registered; shorter ones (`1`, `true`, `8000`) are exempt.
 */
export function registerSecretEnv(env: Readonly<Record<string, string>> | undefined): void {
  if (typeof env !== 'object' || env === null) return;
  for (const value of Object.values(env)) registerSecret(typeof value === 'string' ? value : undefined);
}

/** Replace every known secret and every secret-looking fragment in a text. */
export function redactText(text: string): string {
  const out = replaceSecrets(text, REDACTED);
  if (!MAY_HOLD_PATTERN.test(out)) return out;
  return out
    .replace(SECRET_QUERY_PARAMS, `$1${REDACTED}`)
    .replace(AUTH_HEADER, `$1$2${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(URL_USERINFO, `$1${REDACTED}@`)
    .replace(QUOTED_SECRET_FIELD, `$1${REDACTED}`)
    .replace(ASSIGNED_SECRET, `$1${REDACTED}`);
}

/** A URL fit for logs and hook events: no user info, no secret query values, no known secrets. */
export function redactUrl(url: string | URL): string {
  return redactText(String(url));
}

const SECRET_KEYS =
  /^(?:api[_-]?key|apikey|token|access[_-]?token|secret|password|authorization|preshared[_-]?key|atlas_preshared_key)$/i;
/** Keys whose whole object value is a map of secrets: a compute's environment. */
const SECRET_MAPS = /^(?:env|environment|envs|env_vars|envVars)$/i;

/**
 * A deep copy of a provider's response that is safe to hand out as `raw`: env maps keep their keys
 * but lose their values, secret-named fields are blanked, and known secrets vanish from strings.
 */
export function scrubRaw<T>(value: T): T {
  return scrub(value, 0) as T;
}

const MAX_DEPTH = 32;

function scrub(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    // A map keyed by what the caller sent (`errors: {"<key>": [...]}`) can hold a secret in a key.
    const safeKey = key.length < MIN_SECRET_LENGTH ? key : redactText(key);
    if (SECRET_KEYS.test(key) && item !== null && item !== undefined && item !== '') {
      out[safeKey] = REDACTED;
    } else if (SECRET_MAPS.test(key)) {
      out[safeKey] = scrubEnv(item);
    } else {
      out[safeKey] = scrub(item, depth + 1);
    }
  }
  return out;
}

/** `K=V` anywhere in a string, the value quoted or not. */
const ENV_ASSIGNMENT = /=(?:"[^"]*"?|'[^']*'?|\S*)/g;

/** An env given as a map, as `[{key, value}]` / `["K=V"]`, or as one string (`-e K=V -e L=W`): keep the names, drop the values. */
function scrubEnv(env: unknown): unknown {
  if (typeof env === 'string') return redactText(env.replace(ENV_ASSIGNMENT, `=${REDACTED}`));
  if (Array.isArray(env)) {
    return env.map((entry) => {
      if (typeof entry === 'string') return entry.includes('=') ? `${entry.split('=')[0]}=${REDACTED}` : entry;
      if (entry && typeof entry === 'object' && 'value' in entry) return { ...entry, value: REDACTED };
      return REDACTED;
    });
  }
  if (env && typeof env === 'object') {
    return Object.fromEntries(Object.keys(env).map((key) => [key, REDACTED]));
  }
  return env;
}
