import { basename, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { answerProblems, generateProvider, type ProviderAnswers } from './generate.js';
import { commandsOf, detectPackageManager } from './package-manager.js';
import {
  baseUrlProblem,
  constantCase,
  envVarProblem,
  GENERATED_CAPABILITIES,
  packageNameProblem,
  parseCapabilities,
  providerIdProblem,
} from './validate.js';
import { VERSION } from './version.js';

/** What main needs from the outside world, so that tests can drive it. */
export interface Io {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  out(line: string): void;
  err(line: string): void;
  /** Asks one question; undefined when nobody can answer (not a terminal, or --yes). */
  readonly ask?: (question: string) => Promise<string>;
}

const DEFAULT_CAPABILITIES = 'stop_start,http_proxy,gpu_catalog';

export const USAGE = `Usage: npm create @atlas/provider@latest [directory] -- [options]
       pnpm create @atlas/provider [directory] [options]

Creates an Atlas provider package on @atlas/core/provider: the provider, pure translation with unit
tests, a fake of your cloud's API with the conformance suite wired (faults included), a nock test,
changesets and a CI workflow. Asks for what the flags do not give (in a terminal, without --yes).

Options:
  --id <id>                 the provider id, lowercase words joined by dashes (my-cloud)
  --package <name>          the npm package name, scoped or not (default atlas-provider-<id>)
  --base-url <url>          your cloud's API base URL (default https://api.<id>.example/v1/)
  --api-key-env <NAME>      the environment variable holding the API key (default <ID>_API_KEY)
  --capabilities <list>     comma-separated, or none: ${GENERATED_CAPABILITIES.join(', ')}
                            (default ${DEFAULT_CAPABILITIES})
  -y, --yes                 take the defaults for what the flags do not give; ask nothing
  -h, --help                this help
  -v, --version             the scaffolder's version`;

/** Runs the scaffolder; resolves to the exit code. Nothing is written unless every answer is valid. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`create-provider: ${(error as Error).message}`);
    io.err('Run with --help for the options.');
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (values.version) {
    io.out(VERSION);
    return 0;
  }
  if (positionals.length > 1) {
    io.err(`create-provider: one directory, got ${positionals.length}: ${positionals.join(' ')}`);
    return 1;
  }

  const ask = values.yes ? undefined : io.ask;
  const answer = async (
    flag: string | undefined,
    question: string,
    fallback: string,
    problem: (value: string) => string | undefined,
  ): Promise<string> => {
    if (flag !== undefined || ask === undefined) return flag ?? fallback;
    for (;;) {
      const value = (await ask(`${question} (${fallback}): `)).trim() || fallback;
      const wrong = problem(value);
      if (wrong === undefined) return value;
      io.err(`  ${wrong}`);
    }
  };

  const directoryArg = positionals[0];
  if (directoryArg === undefined && ask === undefined) {
    io.err(
      'create-provider: name the directory to create, e.g. `npm create @atlas/provider@latest atlas-provider-mycloud`',
    );
    return 1;
  }
  const directory = await answer(directoryArg, 'Directory', 'atlas-provider-mycloud', () => undefined);
  const providerId = await answer(values.id, 'Provider id', idFromDirectory(directory), providerIdProblem);
  const packageName = await answer(values.package, 'Package name', `atlas-provider-${providerId}`, packageNameProblem);
  const baseUrl = await answer(
    values['base-url'],
    "Your cloud's API base URL",
    `https://api.${providerId}.example/v1/`,
    baseUrlProblem,
  );
  const apiKeyEnv = await answer(
    values['api-key-env'],
    'API-key environment variable',
    `${constantCase(providerId)}_API_KEY`,
    envVarProblem,
  );
  const capabilityText = await answer(
    values.capabilities,
    `Capabilities, comma-separated, from ${GENERATED_CAPABILITIES.join(', ')}`,
    DEFAULT_CAPABILITIES,
    (text) => {
      const result = parseCapabilities(text);
      return 'problem' in result ? result.problem : undefined;
    },
  );

  const capabilities = parseCapabilities(capabilityText);
  const packageManager = detectPackageManager(io.env.npm_config_user_agent);
  const answers: ProviderAnswers = {
    directory: resolve(io.cwd, directory),
    providerId,
    packageName,
    baseUrl,
    apiKeyEnv,
    capabilities: 'problem' in capabilities ? [] : capabilities.capabilities,
    packageManager,
  };
  const problems = [
    ...('problem' in capabilities ? [capabilities.problem] : []),
    ...answerProblems(answers).map((p) => p.replace(answers.directory, directory)),
  ];
  if (problems.length > 0) {
    for (const problem of problems) io.err(`create-provider: ${problem}`);
    io.err('Nothing was written.');
    return 1;
  }

  const written = generateProvider(answers);
  const commands = commandsOf(packageManager);
  const where = relative(io.cwd, answers.directory) || '.';
  io.out(`Created ${packageName} (provider '${providerId}') in ${where}: ${written.length} files.`);
  io.out('');
  io.out('Next:');
  const steps: [string, string?][] = [
    ...(where === '.' ? [] : [[`cd ${where}`] as [string]]),
    [commands.install],
    [`${commands.run} build && ${commands.test}`, 'the conformance suite passes against the generated fake'],
    ['grep -rn TODO src test', 'what to write against your real cloud (README: Next steps)'],
  ];
  const width = Math.max(...steps.map(([command]) => command.length));
  for (const [command, why] of steps)
    io.out(`  ${why === undefined ? command : `${command.padEnd(width)}   # ${why}`}`);
  return 0;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      id: { type: 'string' },
      package: { type: 'string' },
      'base-url': { type: 'string' },
      'api-key-env': { type: 'string' },
      capabilities: { type: 'string' },
      yes: { type: 'boolean', short: 'y' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

/** `atlas-provider-my-cloud` -> `my-cloud`: a guess the author confirms or overrides. */
export function idFromDirectory(directory: string): string {
  const guess = basename(resolve(directory))
    .toLowerCase()
    .replace(/^@[^/]*\//, '')
    .replace(/^atlas-provider-/, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '');
  return guess === '' ? 'mycloud' : guess;
}
