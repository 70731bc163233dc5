import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { redactText } from '@atlas/core/provider';
import { UsageError } from './errors.js';
import { findProvider, PROVIDER_IDS, type ProviderEntry } from './providers/registry.js';

/** The optional file `$ATLAS_CONFIG` or `~/.config/atlas/config.json`. The CLI only reads it. */
export interface ConfigFile {
  readonly defaultProvider?: string;
  readonly providers?: Readonly<Record<string, { apiKey?: string; baseUrl?: string; runtimeUrl?: string }>>;
}

/** Global flags, as commander parsed them. */
export interface GlobalFlags {
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly apiKey?: string;
  readonly baseUrl?: string;
  readonly runtimeUrl?: string;
}

export type KeySource = 'flag' | 'env' | 'config' | 'none' | 'not needed';

/**
 * A URL from a flag, the environment or the config file must parse; a bad one is a usage error naming
 * where it came from. It is quoted without its query, fragment and user info: a proxy URL can carry a
 * token there, and no redaction pattern knows every parameter name (`?auth=...`).
 */
export function requireUrl(source: string, value: string): string {
  if (URL.canParse(value)) return value;
  const cut = value.search(/[?#]/);
  const shown = redactText(cut < 0 ? value : `${value.slice(0, cut + 1)}…`);
  throw new UsageError(
    `${source} "${shown}" is not a URL: give an absolute URL such as https://api.runpod.io or http://127.0.0.1:8080.`,
  );
}

/** Everything needed to talk to one provider, resolved flags > environment > config file. */
export interface ProviderConfig {
  readonly entry: ProviderEntry;
  readonly apiKey: string | undefined;
  readonly keySource: KeySource;
  readonly baseUrl: string | undefined;
  readonly runtimeUrl: string | undefined;
}

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ATLAS_CONFIG || join(homedir(), '.config', 'atlas', 'config.json');
}

/** A missing file is fine; an unreadable or malformed one is a usage error naming the path. */
export function readConfigFile(env: NodeJS.ProcessEnv = process.env): ConfigFile {
  const path = configPath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !env.ATLAS_CONFIG) return {};
    throw new UsageError(`Cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`The config file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(parsed)) {
    throw new UsageError(`The config file ${path} must hold a JSON object such as {"defaultProvider": "runpod"}.`);
  }
  checkShape(parsed, path);
  return parsed as ConfigFile;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A wrong type (a number for a key, a string for a provider) is named here instead of failing later as a provider error. */
function checkShape(file: Record<string, unknown>, path: string): void {
  const wrong = (field: string, expected: string) =>
    new UsageError(
      `The config file ${path}: ${field} must be ${expected}, as in {"providers": {"runpod": {"apiKey": "..."}}}.`,
    );
  if (file.defaultProvider !== undefined && typeof file.defaultProvider !== 'string')
    throw wrong('defaultProvider', 'a string');
  if (file.providers === undefined) return;
  if (!isObject(file.providers)) throw wrong('providers', 'an object');
  for (const [id, settings] of Object.entries(file.providers)) {
    if (!isObject(settings)) throw wrong(`providers.${id}`, 'an object');
    for (const field of ['apiKey', 'baseUrl', 'runtimeUrl']) {
      if (settings[field] !== undefined && typeof settings[field] !== 'string')
        throw wrong(`providers.${id}.${field}`, 'a string');
    }
  }
}

/** `--provider`, then ATLAS_PROVIDER, then the config file's defaultProvider, then runpod. */
export function defaultProviderId(
  flag: string | undefined,
  file: ConfigFile,
  env: NodeJS.ProcessEnv = process.env,
): string {
  const id = flag ?? (env.ATLAS_PROVIDER || undefined) ?? file.defaultProvider ?? 'runpod';
  const source =
    flag !== undefined ? '--provider' : env.ATLAS_PROVIDER ? 'ATLAS_PROVIDER' : 'defaultProvider in the config file';
  requireKnownProvider(id, source);
  return id;
}

export function requireKnownProvider(id: string, source = '--provider'): ProviderEntry {
  const entry = findProvider(id);
  if (!entry)
    throw new UsageError(`${source} "${id}" is not a known provider: allowed are ${PROVIDER_IDS.join(', ')}.`);
  return entry;
}

/** `ATLAS_RUNPOD_BASE_URL`, `ATLAS_LAMBDA_LABS_RUNTIME_URL`, ... */
export function endpointEnvName(providerId: string, what: 'BASE_URL' | 'RUNTIME_URL'): string {
  return `ATLAS_${providerId.toUpperCase().replaceAll('-', '_')}_${what}`;
}

/**
 * Flags apply to `forFlags` (the provider the command targets); other providers read only the
 * environment and the config file, so `--api-key` never leaks to a second cloud.
 */
export function resolveProviderConfig(
  entry: ProviderEntry,
  flags: GlobalFlags,
  file: ConfigFile,
  forFlags: boolean,
  env: NodeJS.ProcessEnv = process.env,
): ProviderConfig {
  const fromFile = file.providers?.[entry.id] ?? {};
  const flag = forFlags ? flags : {};
  const envKey = entry.keyEnv === undefined ? undefined : env[entry.keyEnv] || undefined;
  // A stub makes no request, so it needs no key: it answers every call with why it is a stub.
  const [apiKey, keySource]: [string | undefined, KeySource] =
    entry.keyEnv === undefined || entry.stub !== undefined
      ? [undefined, 'not needed']
      : flag.apiKey
        ? [flag.apiKey, 'flag']
        : envKey
          ? [envKey, 'env']
          : fromFile.apiKey
            ? [fromFile.apiKey, 'config']
            : [undefined, 'none'];
  const endpoint = (what: 'BASE_URL' | 'RUNTIME_URL', flagValue: string | undefined, fileValue: string | undefined) => {
    const envName = endpointEnvName(entry.id, what);
    const [value, source] = flagValue
      ? [flagValue, what === 'BASE_URL' ? '--base-url' : '--runtime-url']
      : env[envName]
        ? [env[envName], envName]
        : [
            fileValue || undefined,
            `providers.${entry.id}.${what === 'BASE_URL' ? 'baseUrl' : 'runtimeUrl'} in ${configPath(env)}`,
          ];
    // Checked here for every source, so a typo is a usage error naming where it came from, not a provider error.
    return value === undefined ? undefined : requireUrl(source, value);
  };
  return {
    entry,
    apiKey,
    keySource,
    baseUrl: endpoint('BASE_URL', flag.baseUrl, fromFile.baseUrl),
    runtimeUrl: endpoint('RUNTIME_URL', flag.runtimeUrl, fromFile.runtimeUrl),
  };
}

/** The CLI checks for a key before any request, and says every way to provide one (exit 2). */
export function requireApiKey(config: ProviderConfig, env: NodeJS.ProcessEnv = process.env): void {
  if (config.keySource !== 'none') return;
  throw new UsageError(
    `No API key for ${config.entry.id}. Pass --api-key, set the ${config.entry.keyEnv} environment variable, ` +
      `or add it to ${configPath(env)}.`,
    // A placeholder no redaction touches: an example value of "..." came out as "[redacted]" under --json.
    `The config file takes {"providers": {"${config.entry.id}": {"apiKey": "<your-key>"}}}. ` +
      'To try Atlas without a key, run `atlas demo`.',
  );
}
