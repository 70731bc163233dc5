import { builtinModules } from 'node:module';

// Checks on what the author types, each returning the problem as a sentence, or undefined when the
// value is fine. Everything is checked before anything is written.

/** The capabilities the templates implement (and the conformance suite checks) today. */
export const GENERATED_CAPABILITIES = ['stop_start', 'spot', 'http_proxy', 'raw_tcp', 'gpu_catalog'] as const;
export type GeneratedCapability = (typeof GENERATED_CAPABILITIES)[number];

/** Atlas capabilities the templates do not write yet: the author adds them by hand later. */
const LATER_CAPABILITIES = [
  'serverless',
  'logs',
  'cpu',
  'network_volumes',
  'symmetric_ports',
  'webhooks',
  'global_networking',
];

const MAX_ID_LENGTH = 40;

/** Names the generated modules declare next to the default instance (`myCloud`), and JavaScript's reserved words. */
const TAKEN_NAMES = new Set([
  'action',
  'createOnce',
  'createProviderHttp',
  'defineProvider',
  'getCompute',
  'http',
  'instancePath',
  'listCompute',
  'listGpuTypes',
  'listInstances',
  'matchesComputeFilter',
  'mintToken',
  'newCreateMarker',
  'spawnCompute',
  'terminate',
  'toCompute',
  'toCreateBody',
  'toGpuType',
  ...'await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield'.split(
    ' ',
  ),
]);

/** A provider id: lowercase words joined by dashes (`my-cloud`), as the `provider` field of every result. */
export function providerIdProblem(id: string): string | undefined {
  if (id === '') return 'the provider id is empty';
  if (id.length > MAX_ID_LENGTH) return `the provider id '${id}' is longer than ${MAX_ID_LENGTH} characters`;
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) {
    return `the provider id '${id}' must be lowercase letters and digits in words joined by single dashes, starting with a letter (like 'my-cloud')`;
  }
  const instance = camelCase(id);
  if (TAKEN_NAMES.has(instance)) {
    return `the provider id '${id}' would name the default instance '${instance}', which is reserved or already used in the generated code`;
  }
  return undefined;
}

/** The rules npm applies to a new package name (those of validate-npm-package-name). */
export function packageNameProblem(name: string): string | undefined {
  const what = `the package name '${name}'`;
  if (name === '') return 'the package name is empty';
  if (name.length > 214) return `${what} is longer than 214 characters`;
  if (name !== name.trim()) return `${what} has leading or trailing spaces`;
  if (name.toLowerCase() !== name) return `${what} must be lowercase`;
  const scoped = /^@([^/]+)\/([^/]+)$/.exec(name);
  if (name.startsWith('@') && scoped === null) return `${what} must be '@scope/name' when it starts with '@'`;
  const parts = scoped === null ? [name] : [scoped[1]!, scoped[2]!];
  const bare = parts[parts.length - 1]!;
  for (const part of parts) {
    if (part.startsWith('.') || part.startsWith('_')) return `${what} must not start with '.' or '_'`;
    if (!/^[a-z0-9._-]+$/.test(part)) return `${what} may hold only lowercase letters, digits and - . _`;
  }
  if (scoped === null && (builtinModules.includes(bare) || ['node_modules', 'favicon.ico'].includes(bare))) {
    return `${what} is reserved (a Node.js core module or a name npm refuses)`;
  }
  return undefined;
}

/** The cloud's API base URL: absolute http(s), no credentials, query or fragment. */
export function baseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `the base URL '${url}' is not an absolute URL (like 'https://api.example.com/v1/')`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `the base URL '${url}' must be http or https`;
  if (parsed.username !== '' || parsed.password !== '') return 'the base URL must not hold credentials';
  if (parsed.search !== '' || parsed.hash !== '') return `the base URL '${url}' must not have a query or a fragment`;
  return undefined;
}

/** With a trailing slash, so that relative paths (`instances`) resolve under it, not beside it. */
export function normalizeBaseUrl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith('/')) parsed.pathname = `${parsed.pathname}/`;
  return parsed.href;
}

export function envVarProblem(name: string): string | undefined {
  if (!/^[A-Z_][A-Z0-9_]*$/.test(name)) {
    return `the API-key environment variable '${name}' must be uppercase letters, digits and underscores (like 'MY_CLOUD_API_KEY')`;
  }
  return undefined;
}

/** A comma-separated list (`stop_start,gpu_catalog`, `none` or empty for none), or the problem with it. */
export function parseCapabilities(text: string): { capabilities: GeneratedCapability[] } | { problem: string } {
  const names = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== 'none');
  const supported: readonly string[] = GENERATED_CAPABILITIES;
  for (const name of names) {
    if (LATER_CAPABILITIES.includes(name)) {
      return {
        problem: `the capability '${name}' is not generated yet: generate without it and add it by hand (docs/writing-a-provider.md); generated: ${GENERATED_CAPABILITIES.join(', ')}`,
      };
    }
    if (!supported.includes(name)) {
      return { problem: `unknown capability '${name}'; generated: ${GENERATED_CAPABILITIES.join(', ')}` };
    }
  }
  // In the order of GENERATED_CAPABILITIES, each once.
  return { capabilities: GENERATED_CAPABILITIES.filter((c) => names.includes(c)) };
}

/** `my-cloud` -> `MyCloud`. */
export function pascalCase(id: string): string {
  return id
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** `my-cloud` -> `myCloud`. */
export function camelCase(id: string): string {
  const pascal = pascalCase(id);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** `my-cloud` -> `MY_CLOUD`. */
export function constantCase(id: string): string {
  return id.toUpperCase().replaceAll('-', '_');
}
