/**
 * Secret redaction. Atlas promises that no error, log line, hook event or `raw` ever holds an
 * API key, a bearer token or a compute's env value. Two mechanisms make that hold:
 * - a registry of known secret values (API keys seen by the HTTP layer, minted tokens), replaced
 *   wherever they appear in text; it lives on globalThis so duplicate copies of core share it;
 * - patterns for secrets we never saw (an `Authorization` header, `api_key=` in a URL).
 */

export const REDACTED = '[redacted]';

/**
 * Versioned key: the value is this module's registry shape, shared by every copy of this version of
 * core loaded in the process (so a secret registered through one copy is redacted by the others).
 */
const REGISTRY_KEY = Symbol.for('atlas.core.secret-registry.v2');
/** Bounded so that a long-running process minting many tokens does not grow without limit. */
const MAX_SECRETS = 1024;
/** Shorter values would redact innocent text (a 3-letter key would eat words). */
const MIN_SECRET_LENGTH = 8;

/**
 * Known secrets are replaced by one regex of all of them (longest first), not one `includes` per
 * secret per text. Compiling it costs about 3 µs per secret (3 ms at the cap), so it is not
 * rebuilt on every registration (an orchestrator registers a token per session): secrets
 * registered since the last build wait in `recent`, and a text is only checked for them with
 * `includes`. A text that holds one of them, or more than RECENT_LIMIT registered since, triggers
 * the rebuild; only the whole pattern replaces, so a secret inside another never leaves a tail of the
 * longer one, whichever was registered first.
 */
interface SecretRegistry {
  readonly secrets: Set<string>;
  /** Every secret registered when it was built (null when there were none). */
  pattern: RegExp | null;
  /** Registered since `pattern` was built, while there are at most RECENT_LIMIT of them. */
  recent: string[];
  /** More than RECENT_LIMIT were registered since `pattern` was built: rebuild before the next use. */
  stale: boolean;
}

/** Bounds both the `includes` per text and how often the whole pattern is compiled (amortized ~100 µs a registration at the cap). */
const RECENT_LIMIT = 32;

function registry(): SecretRegistry {
  const g = globalThis as { [REGISTRY_KEY]?: SecretRegistry };
  g[REGISTRY_KEY] ??= { secrets: new Set<string>(), pattern: null, recent: [], stale: false };
  return g[REGISTRY_KEY];
}

/** Remember a secret value so that every later redaction removes it. */
export function registerSecret(secret: string | undefined | null): void {
  // Measured without surrounding blanks: a value of eight spaces would eat the indentation of every text.
  if (typeof secret !== 'string' || secret.trim().length < MIN_SECRET_LENGTH) return;
  const state = registry();
  const { secrets } = state;
  if (secrets.has(secret)) {
    // Move it to the newest end: an API key re-registered on every call must never be the one
    // evicted when a long-running process mints its 1,025th token.
    secrets.delete(secret);
    secrets.add(secret);
    return;
  }
  // The oldest is forgotten; the pattern may still redact it until its next rebuild, which is harmless.
  if (secrets.size >= MAX_SECRETS) {
    const oldest = secrets.values().next().value;
    if (oldest !== undefined) secrets.delete(oldest);
  }
  secrets.add(secret);
  if (state.stale) return;
  state.recent.push(secret);
  if (state.recent.length > RECENT_LIMIT) {
    state.recent = [];
    state.stale = true;
  }
}

/** The pattern that replaces known secrets, rebuilt first if the text holds a secret it lacks. */
function secretsPattern(state: SecretRegistry, text: string): RegExp | null {
  if (state.stale || holdsAny(text, state.recent)) {
    const sorted = [...state.secrets].sort((a, b) => b.length - a.length);
    state.pattern = sorted.length === 0 ? null : new RegExp(sorted.map(escapeRegExp).join('|'), 'g');
    state.recent = [];
    state.stale = false;
  }
  return state.pattern;
}

function holdsAny(text: string, secrets: readonly string[]): boolean {
  for (const secret of secrets) if (text.includes(secret)) return true;
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

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

/** Env names that hold secrets, the word anywhere in the name (`AWS_SECRET_ACCESS_KEY`, `GH_TOKEN_RO`, `SIGNING_KEY`). */
const SECRET_ENV_NAME =
  /api[_-]?key|apikey|token|secret|passw|private[_-]?key|access[_-]?key|credential|(?:^|_)key(?:$|_)/i;

/**
 * Registers the values of a compute request's env whose names say they are secrets (`HF_TOKEN`,
 * `OPENAI_API_KEY`, `DB_PASSWORD`), so a provider or cloud that echoes one in an error cannot leak
 * it. Other values (`NODE_ENV=production`) are not registered: they would be redacted from every
 * text in the process; `raw` blanks every env value anyway.
 */
export function registerSecretEnv(env: Readonly<Record<string, string>> | undefined): void {
  if (env === undefined) return;
  for (const [name, value] of Object.entries(env)) if (SECRET_ENV_NAME.test(name)) registerSecret(value);
}

/** Replace every known secret and every secret-looking fragment in a text. */
export function redactText(text: string): string {
  let out = text;
  const known = secretsPattern(registry(), out);
  if (known !== null) out = out.replace(known, REDACTED);
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
