import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { atlasRanges } from './atlas-ranges.js';
import { commandsOf, type PackageManager } from './package-manager.js';
import { render, replacePlaceholders } from './render.js';
import {
  baseUrlProblem,
  camelCase,
  constantCase,
  envVarProblem,
  type GeneratedCapability,
  normalizeBaseUrl,
  packageNameProblem,
  pascalCase,
  providerIdProblem,
} from './validate.js';

export interface ProviderAnswers {
  /** Where the package goes; must not exist, or be empty. */
  readonly directory: string;
  readonly providerId: string;
  readonly packageName: string;
  readonly baseUrl: string;
  readonly apiKeyEnv: string;
  readonly capabilities: readonly GeneratedCapability[];
  readonly packageManager: PackageManager;
}

const TEMPLATES = fileURLToPath(new URL('../templates/', import.meta.url));

/** Every problem with the answers, the target directory included; empty when generation can go ahead. */
export function answerProblems(answers: ProviderAnswers): string[] {
  return [
    providerIdProblem(answers.providerId),
    packageNameProblem(answers.packageName),
    baseUrlProblem(answers.baseUrl),
    envVarProblem(answers.apiKeyEnv),
    directoryProblem(answers.directory),
  ].filter((problem) => problem !== undefined);
}

export function directoryProblem(directory: string): string | undefined {
  if (!existsSync(directory)) return undefined;
  if (!statSync(directory).isDirectory()) return `'${directory}' exists and is not a directory`;
  if (readdirSync(directory).length > 0) return `the directory '${directory}' exists and is not empty`;
  return undefined;
}

/**
 * Renders every template in memory first, then writes the package. Throws, with nothing written,
 * when the answers have a problem; removes what it created when a write fails halfway.
 * Returns the paths written, relative to the directory.
 */
export function generateProvider(answers: ProviderAnswers): string[] {
  const problems = answerProblems(answers);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  const files = renderAll(answers);

  const target = resolve(answers.directory);
  const created = !existsSync(target);
  try {
    for (const [path, text] of files) {
      const file = join(target, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  } catch (error) {
    if (created) rmSync(target, { recursive: true, force: true });
    else for (const entry of readdirSync(target)) rmSync(join(target, entry), { recursive: true, force: true });
    throw error;
  }
  return [...files.keys()];
}

/** Output path -> content, for every template that renders to something. */
export function renderAll(answers: ProviderAnswers): Map<string, string> {
  const flags = new Set<string>([...answers.capabilities, answers.packageManager.name]);
  const values = placeholderValues(answers);
  const files = new Map<string, string>();
  for (const template of listFiles(TEMPLATES)) {
    const text = render(readFileSync(join(TEMPLATES, template), 'utf8'), flags, values, template);
    if (text.trim() === '') continue;
    files.set(outputPath(replacePlaceholders(template, values, template)), text);
  }
  const manifestPath = 'package.json';
  files.set(manifestPath, withPackageManager(files.get(manifestPath)!, answers.packageManager));
  return files;
}

function placeholderValues(answers: ProviderAnswers): Record<string, string> {
  const { providerId: id, packageManager } = answers;
  const commands = commandsOf(packageManager);
  const ranges = atlasRanges();
  const capabilities = answers.capabilities;
  return {
    __PROVIDER_ID__: id,
    __PROVIDER_NAME__: pascalCase(id),
    __providerName__: camelCase(id),
    __PROVIDER_CONST__: constantCase(id),
    __PACKAGE_NAME__: answers.packageName,
    __BASE_URL__: normalizeBaseUrl(answers.baseUrl),
    __API_KEY_ENV__: answers.apiKeyEnv,
    __CAPABILITIES__: capabilities.map((c) => `'${c}'`).join(', '),
    __CAPABILITY_LIST__: capabilities.length === 0 ? 'none yet' : capabilities.map((c) => `\`${c}\``).join(', '),
    __ATLAS_CORE_RANGE__: ranges.core,
    __ATLAS_CONFORMANCE_RANGE__: ranges.conformance,
    __PACKAGE_MANAGER__: packageManager.name,
    __INSTALL__: commands.install,
    __INSTALL_FROZEN__: commands.installFrozen,
    __RUN__: commands.run,
    __TEST__: commands.test,
  };
}

/**
 * `_gitignore` -> `.gitignore`, `_github/` -> `.github/`: npm would drop or rename dotfiles in the
 * scaffolder's own tarball. `package.template.json` -> `package.json`: a nested package.json would
 * be read as a package of its own by linters and bundlers.
 */
function outputPath(template: string): string {
  return template
    .split('/')
    .map((part) => (part.startsWith('_') ? `.${part.slice(1)}` : part).replace('.template.', '.'))
    .join('/');
}

/** pnpm and yarn: pin the one that made the package, as corepack and pnpm/action-setup read it. */
function withPackageManager(manifest: string, pm: PackageManager): string {
  if (pm.name === 'npm' || pm.version === undefined) return manifest;
  const json = JSON.parse(manifest) as Record<string, unknown>;
  return `${JSON.stringify({ ...json, packageManager: `${pm.name}@${pm.version}` }, null, 2)}\n`;
}

/** Relative paths with `/`, sorted, for a stable output. */
function listFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}
