#!/usr/bin/env node
// One-off codemod (kept for branches that still import provider-author names from the root):
// rewrites `import { ... } from '@atlas/core'` so that each name comes from the entry that now
// holds it (`@atlas/core`, `@atlas/core/provider` or `@atlas/core/testing`).
//   node scripts/split-core-imports.mjs [paths...]   (default: packages, examples, bench, docs, README.md)
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PROVIDER = new Set([
  'resolveApiKey',
  'readEnv',
  'ApiKeySources',
  'CAPABILITY_METHODS',
  'defineGpuMap',
  'nativeGpuIds',
  'toCanonicalGpu',
  'toNativeGpu',
  'GpuMap',
  'errorFromResponse',
  'extractErrorBody',
  'kindForStatus',
  'parseRetryAfter',
  'ResponseLike',
  'REDACTED',
  'redactText',
  'redactUrl',
  'registerSecret',
  'registerSecretEnv',
  'releaseSecret',
  'scrubRaw',
  'guardCall',
  'toAtlasError',
  'createHttpClient',
  'HttpClient',
  'HttpClientOptions',
  'HttpMethod',
  'HttpRequest',
  'QueryValue',
  'sleep',
  'parseComputeRequest',
  'parseJobRef',
  'parseJobRequest',
  'parseWith',
  'createStubProvider',
  'StubProviderOptions',
  'matchesComputeFilter',
  'classifyError',
  'DEFAULT_ERROR_RULES',
  'ErrorFacts',
  'ErrorRule',
  'matchErrorRule',
  'StatusMatch',
  'ExtractedErrorBody',
  'MAX_RETAINED',
  'HeadersLike',
  'parseRateLimit',
  'parseRateLimitReset',
  'retryAfterFromHeaders',
  'defineProvider',
  'createProviderHttp',
  'ProviderSettings',
  'ProviderOperations',
  'DefinedProvider',
  'ResourceIdSchema',
  'idProblem',
  'guardStream',
  'CREATE_MARKER_ENV',
  'CreateOnceOptions',
  'createOnce',
  'isAmbiguousCreateFailure',
  'newCreateMarker',
  'ProviderOptionsRules',
  'ownedOptionIssues',
  'assertProviderOptions',
  'deepMergeOptions',
  'applyProviderOptions',
  'lazyRaw',
  'holdSecrets',
  'secretRegistryStats',
  'Fields',
  'isArrayOf',
  'isNullish',
  'isNumber',
  'isOptional',
  'isPlainObject',
  'isString',
]);
const TESTING = new Set(['Fault', 'FaultInjector', 'FaultOperation']);

const entryOf = (name) =>
  PROVIDER.has(name) ? '@atlas/core/provider' : TESTING.has(name) ? '@atlas/core/testing' : '@atlas/core';

const STATEMENT = /(import|export)(\s+type)?\s*\{([^}]*)\}\s*from\s*'@atlas\/core';/g;

function rewrite(text) {
  return text.replace(STATEMENT, (whole, keyword, typeOnly, list) => {
    const specifiers = list
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const groups = new Map();
    for (const specifier of specifiers) {
      const name = specifier
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]
        .trim();
      const entry = entryOf(name);
      if (!groups.has(entry)) groups.set(entry, []);
      groups.get(entry).push(specifier);
    }
    if (groups.size === 1 && groups.has('@atlas/core')) return whole;
    return [...groups]
      .map(([entry, names]) => `${keyword}${typeOnly ?? ''} { ${names.join(', ')} } from '${entry}';`)
      .join('\n');
  });
}

function* files(path) {
  const stat = statSync(path);
  if (stat.isFile()) {
    if (/\.(ts|mts|mjs|md)$/.test(path)) yield path;
    return;
  }
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist' || entry.startsWith('.')) continue;
    yield* files(join(path, entry));
  }
}

const roots = process.argv.slice(2);
let changed = 0;
for (const root of roots.length > 0 ? roots : ['packages', 'examples', 'bench', 'docs', 'README.md']) {
  for (const file of files(root)) {
    // core itself imports by relative path; its own entries stay as they are.
    if (file.startsWith(join('packages', 'core'))) continue;
    const before = readFileSync(file, 'utf8');
    const after = rewrite(before);
    if (after !== before) {
      writeFileSync(file, after);
      changed++;
    }
  }
}
console.log(`split-core-imports: ${changed} files rewritten`);
