import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Io, main } from '../src/main.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'create-provider-test-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** Runs main in the scratch directory; `answers` feed the prompts in order (interactive when given). */
async function create(argv: string[], options: { answers?: string[]; userAgent?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const questions: string[] = [];
  const answers = options.answers === undefined ? undefined : [...options.answers];
  const io: Io = {
    cwd,
    env: { npm_config_user_agent: options.userAgent },
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    ...(answers === undefined
      ? {}
      : {
          ask: async (question: string) => {
            questions.push(question);
            return answers.shift() ?? '';
          },
        }),
  };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n'), questions };
}

const read = (path: string) => readFileSync(join(cwd, path), 'utf8');

describe('create-provider with flags', () => {
  it('writes the package named by the flags, with the id in file names and code', async () => {
    const { code, out } = await create([
      'atlas-provider-my-cloud',
      '--id',
      'my-cloud',
      '--package',
      '@me/atlas-provider-my-cloud',
      '--base-url',
      'https://api.my-cloud.test/v2',
      '--api-key-env',
      'MY_CLOUD_TOKEN',
      '--capabilities',
      'gpu_catalog,stop_start',
    ]);
    expect(code).toBe(0);
    expect(out).toContain('Created @me/atlas-provider-my-cloud');
    expect(JSON.parse(read('atlas-provider-my-cloud/package.json')).name).toBe('@me/atlas-provider-my-cloud');
    const provider = read('atlas-provider-my-cloud/src/my-cloud-provider.ts');
    expect(provider).toContain("capabilities: ['stop_start', 'gpu_catalog']");
    expect(provider).toContain("defaultBaseUrl: 'https://api.my-cloud.test/v2/'");
    expect(provider).toContain("export const MY_CLOUD_API_KEY_ENV = 'MY_CLOUD_TOKEN';");
    expect(provider).toContain('export function createMyCloud(settings: MyCloudSettings = {})');
    expect(provider).toContain('export const myCloud: MyCloudProvider = createMyCloud();');
    expect(existsSync(join(cwd, 'atlas-provider-my-cloud/test/fake-my-cloud-server.ts'))).toBe(true);
    expect(existsSync(join(cwd, 'atlas-provider-my-cloud/.gitignore'))).toBe(true);
    expect(existsSync(join(cwd, 'atlas-provider-my-cloud/.github/workflows/ci.yml'))).toBe(true);
    expect(existsSync(join(cwd, 'atlas-provider-my-cloud/.changeset/config.json'))).toBe(true);
  });

  it('takes defaults from the directory with --yes', async () => {
    const { code } = await create(['atlas-provider-acme', '--yes']);
    expect(code).toBe(0);
    const manifest = JSON.parse(read('atlas-provider-acme/package.json'));
    expect(manifest.name).toBe('atlas-provider-acme');
    expect(manifest.peerDependencies['@atlas/core']).toMatch(/^\^\d+\.\d+\.\d+/);
    expect(read('atlas-provider-acme/src/acme-provider.ts')).toContain('apiKeyEnv: ACME_API_KEY_ENV');
    expect(read('atlas-provider-acme/src/acme-provider.ts')).toContain("= 'ACME_API_KEY'");
  });

  it('writes into an existing empty directory', async () => {
    mkdirSync(join(cwd, 'empty'));
    expect((await create(['empty', '--yes', '--id', 'acme'])).code).toBe(0);
    expect(existsSync(join(cwd, 'empty/src/acme-provider.ts'))).toBe(true);
  });

  it('names the commands of the package manager that ran it, and pins pnpm or yarn', async () => {
    const { out } = await create(['p', '--yes', '--id', 'acme'], { userAgent: 'pnpm/12.4.2 npm/? node/v24.1.0' });
    expect(out).toContain('pnpm install');
    expect(JSON.parse(read('p/package.json')).packageManager).toBe('pnpm@12.4.2');
    expect(read('p/.github/workflows/ci.yml')).toContain('pnpm/action-setup');
    expect(existsSync(join(cwd, 'p/.yarnrc.yml'))).toBe(false);

    await create(['y', '--yes', '--id', 'acme'], { userAgent: 'yarn/4.5.0 npm/? node/v24.1.0' });
    expect(read('y/.yarnrc.yml')).toContain('nodeLinker: node-modules');
    expect(read('y/.github/workflows/ci.yml')).toContain('yarn install --immutable');
  });
});

describe('create-provider refuses bad input with nothing written', () => {
  it('refuses an existing non-empty directory and leaves it as it was', async () => {
    mkdirSync(join(cwd, 'taken'));
    writeFileSync(join(cwd, 'taken', 'notes.txt'), 'mine');
    const { code, err } = await create(['taken', '--yes']);
    expect(code).toBe(1);
    expect(err).toContain("the directory 'taken' exists and is not empty");
    expect(err).toContain('Nothing was written.');
    expect(readdirSync(join(cwd, 'taken'))).toEqual(['notes.txt']);
  });

  it.each([
    [['x', '--yes', '--package', 'Bad Name'], "the package name 'Bad Name'"],
    [['x', '--yes', '--id', 'Bad_Id'], "the provider id 'Bad_Id'"],
    [['x', '--yes', '--base-url', 'not a url'], "the base URL 'not a url'"],
    [['x', '--yes', '--api-key-env', 'lower'], "variable 'lower'"],
    [['x', '--yes', '--capabilities', 'serverless'], "'serverless' is not generated yet"],
  ])('refuses %j', async (argv, says) => {
    const { code, err } = await create(argv);
    expect(code).toBe(1);
    expect(err).toContain(says);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('reports every problem at once', async () => {
    const { err } = await create(['x', '--yes', '--id', 'Bad_Id', '--package', 'Bad Name']);
    expect(err).toContain('provider id');
    expect(err).toContain('package name');
  });

  it('refuses an unknown flag and a missing directory when it cannot ask', async () => {
    expect((await create(['x', '--colour'])).err).toContain("Unknown option '--colour'");
    expect((await create(['--yes'])).err).toContain('name the directory to create');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('create-provider in a terminal', () => {
  it('asks for what the flags do not give, again after a bad answer, with defaults on Enter', async () => {
    const { code, questions, err } = await create(['--capabilities', 'none'], {
      answers: ['atlas-provider-zeta', '', 'Not Valid', '@me/zeta', '', 'ZETA_KEY'],
    });
    expect(code).toBe(0);
    expect(questions.map((q) => q.split(' (')[0])).toEqual([
      'Directory',
      'Provider id',
      'Package name',
      'Package name',
      "Your cloud's API base URL",
      'API-key environment variable',
    ]);
    expect(questions[1]).toContain('(zeta)');
    expect(err).toContain("the package name 'Not Valid'");
    expect(JSON.parse(read('atlas-provider-zeta/package.json')).name).toBe('@me/zeta');
    expect(read('atlas-provider-zeta/src/zeta-provider.ts')).toContain("'https://api.zeta.example/v1/'");
    expect(read('atlas-provider-zeta/src/zeta-provider.ts')).toContain('capabilities: []');
  });

  it('asks nothing with --yes', async () => {
    const { questions } = await create(['q', '--yes', '--id', 'acme'], { answers: [] });
    expect(questions).toEqual([]);
  });
});

it('prints the usage with --help, naming both ways to run it', async () => {
  const { code, out } = await create(['--help']);
  expect(code).toBe(0);
  expect(out).toContain('npm create @atlas/provider@latest');
  expect(out).toContain('pnpm create @atlas/provider');
});
