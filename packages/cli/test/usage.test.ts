import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { runCli } from './helpers/run-cli.js';

describe('help, version and usage errors (exit 2)', () => {
  it('--version prints the version and exits 0', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('--help lists every command with examples', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const command of 'providers gpus spawn ls get stop start rm logs job demo dashboard'.split(' ')) {
      expect(r.stdout).toContain(command);
    }
    expect(r.stdout).toContain('Examples:');
    const sub = await runCli(['spawn', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('atlas spawn --gpu h100');
    const group = await runCli(['job', '--help']);
    expect(group.code).toBe(0);
    expect(group.stdout).toContain('$ atlas job status my-endpoint job-123');
    // The flags that work on every command are listed in each command's help too.
    for (const flag of ['--json', '--quiet', '--verbose', '--api-key', '--base-url', '--runtime-url']) {
      expect(sub.stdout).toContain(flag);
    }
  });

  it('an unknown command exits 2 and says so', async () => {
    const r = await runCli(['launch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'launch'");
  });

  it('an unknown flag exits 2 naming it', async () => {
    const r = await runCli(['ls', '--colour']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--colour'");
  });

  it('a value outside a fixed set exits 2 listing what is allowed', async () => {
    const r = await runCli(['ls', '--provider', 'mock', '--status', 'sleeping']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--status.*sleeping/);
    expect(r.stderr).toContain('provisioning, running, stopped, terminated, failed');
    const p = await runCli(['ls', '--provider', 'aws']);
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('runpod, mock, lambda-labs, vast, fly');
    // The repeatable --provider of gpus too, even next to a valid one: nothing is listed.
    const several = await runCli(['gpus', '--provider', 'mock', '--provider', 'aws']);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('--provider "aws" is not a known provider');
    expect(several.stdout).toBe('');
  });

  it('a bad --gpu exits 2 naming the flag and the GPUs the provider offers', async () => {
    const r = await runCli(['spawn', '--provider', 'mock', '--gpu', 'h1000', '--image', 'busybox']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--gpu "h1000"');
    expect(r.stderr).toContain('h100');
    const g = await runCli(['gpus', '--provider', 'mock', '--gpu', 'voodoo5']);
    expect(g.code).toBe(2);
    expect(g.stderr).toContain('--gpu "voodoo5" is not a canonical GPU id');
  });

  it.each([
    [['--port', '70000'], '--port "70000"'],
    [['--port', '8000/udp'], 'unknown protocol "udp"'],
    [['--timeout', 'soon', '--wait'], '--timeout "soon" is not a duration'],
    [['--count', '0'], '--count "0" must be a whole number from 1 to 16'],
    [['--env', '1BAD=x'], '--env "1BAD"'],
  ])('spawn %j exits 2: %s', async (flags, message) => {
    const r = await runCli(['spawn', '--provider', 'mock', '--gpu', 'h100', '--image', 'busybox', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
  });

  it('a missing image is a usage error naming --image', async () => {
    const r = await runCli(['spawn', '--provider', 'mock', '--gpu', 'h100']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--image');
  });

  it('a bad --base-url exits 2', async () => {
    const r = await runCli(['ls', '--base-url', 'not a url', '--api-key', 'k']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--base-url "not a url" is not a URL');
  });

  it('job run input errors exit 2', async () => {
    const bad = await runCli(['job', 'run', '--provider', 'mock', '--endpoint', 'e', '--input', '{nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--input is not valid JSON');
    const none = await runCli(['job', 'run', '--provider', 'mock', '--endpoint', 'e']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('exactly one of --input');
    const missing = await runCli([
      'job',
      'run',
      '--provider',
      'mock',
      '--endpoint',
      'e',
      '--input-file',
      '/nonexistent/input.json',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--input-file "/nonexistent/input.json" cannot be read: ENOENT');
    const both = await runCli([
      'job',
      'run',
      '--provider',
      'mock',
      '--endpoint',
      'e',
      '--input',
      '{}',
      '--sync',
      '--stream',
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--sync and --stream cannot be combined');
  });
});

describe('configuration', () => {
  it('a missing key exits 2 and names every way to set one, before any request', async () => {
    const r = await runCli(['ls']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('No API key for runpod');
    expect(r.stderr).toContain('--api-key');
    expect(r.stderr).toContain('RUNPOD_API_KEY');
    expect(r.stderr).toContain('config.json');
  });

  it('the config file sets the default provider; ATLAS_PROVIDER overrides it; --provider overrides both', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-cli-config-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify({ defaultProvider: 'mock' }));
    const fromFile = await runCli(['providers', '--json'], { env: { ATLAS_CONFIG: path } });
    expect(fromFile.code).toBe(0);
    const rows = JSON.parse(fromFile.stdout) as { id: string; default: boolean }[];
    expect(rows.find((p) => p.default)?.id).toBe('mock');
    const fromEnv = await runCli(['providers', '--json'], { env: { ATLAS_CONFIG: path, ATLAS_PROVIDER: 'vast' } });
    expect((JSON.parse(fromEnv.stdout) as { id: string; default: boolean }[]).find((p) => p.default)?.id).toBe('vast');
    // With mock as the default, ls needs no key at all.
    const ls = await runCli(['ls', '--json'], { env: { ATLAS_CONFIG: path } });
    expect(ls.code).toBe(0);
    expect(JSON.parse(ls.stdout)).toEqual([]);
    const flag = await runCli(['ls', '--provider', 'runpod'], { env: { ATLAS_CONFIG: path } });
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('No API key for runpod');
  });

  it('a malformed config file exits 2 naming its path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-cli-config-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, '{ "defaultProvider": ');
    const r = await runCli(['providers'], { env: { ATLAS_CONFIG: path } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`The config file ${path} is not valid JSON`);
  });

  it.each([
    [{ providers: { runpod: { apiKey: 12345 } } }, 'providers.runpod.apiKey must be a string'],
    [{ providers: { runpod: 'rpa_key' } }, 'providers.runpod must be an object'],
    [{ defaultProvider: ['mock'] }, 'defaultProvider must be a string'],
    [{ providers: { runpod: { apiKey: 'k', baseUrl: 'api.runpod.io' } } }, 'providers.runpod.baseUrl in'],
  ])('a config file value of the wrong kind exits 2 naming the field: %j', async (content, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-cli-config-'));
    const path = join(dir, 'config.json');
    writeFileSync(path, JSON.stringify(content));
    const r = await runCli(['ls'], { env: { ATLAS_CONFIG: path } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(path);
  });

  it('a base URL from the environment that is not a URL exits 2 naming the variable', async () => {
    const r = await runCli(['ls', '--api-key', 'k'], { env: { ATLAS_RUNPOD_BASE_URL: 'api.runpod.io' } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ATLAS_RUNPOD_BASE_URL "api.runpod.io" is not a URL');
  });

  it('providers shows where a key comes from, never the key', async () => {
    const secret = 'rp_secret_value_123456';
    const r = await runCli(['providers'], { env: { RUNPOD_API_KEY: secret } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(secret);
    expect(r.stdout).toMatch(/│ provider\s+│ package\s+│ key\s+│ capabilities\s+│/);
    expect(r.stdout).toMatch(/│ runpod \(default\)\s+│ @atlas\/runpod\s+│ set \(env\)\s+│/);
    expect(r.stdout).toMatch(/│ mock\s+│ @atlas\/mock\s+│ not needed\s+│/);
    expect(r.stdout).toMatch(/│ fly\s+│ @atlas\/stub-fly\s+│ not needed: retired\s+│/);
    const json = await runCli(['providers', '--json'], { env: { RUNPOD_API_KEY: secret } });
    expect(json.stdout).not.toContain(secret);
    const rows = JSON.parse(json.stdout) as { id: string; key: string; capabilities: string[] }[];
    expect(rows.map((p) => p.id)).toEqual(['runpod', 'mock', 'lambda-labs', 'vast', 'fly']);
    expect(rows.find((p) => p.id === 'runpod')?.key).toBe('env');
    expect(rows.find((p) => p.id === 'vast')?.key).toBe('none');
    expect(rows.find((p) => p.id === 'mock')?.capabilities).toContain('serverless');
  });

  it('a stub provider fails with its own unsupported message (exit 1)', async () => {
    const r = await runCli(['ls', '--provider', 'fly']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unsupported error from fly');
    expect(r.stderr).toContain('2026-07-31');
  });
});

describe('ids and arguments are checked before any request (exit 2, naming the argument)', () => {
  // A closed port: a request would fail as a transport error (exit 1), so exit 2 proves none was sent.
  const runpod = ['--provider', 'runpod', '--api-key', 'rp_key_never_sent', '--base-url', 'http://127.0.0.1:9'];

  it.each([
    [['get', ''], '<id>'],
    [['get', '  '], '<id>'],
    [['rm', '..', '--yes'], '<id>'],
    [['stop', 'a/b'], '<id>'],
    [['logs', '.'], '<id>'],
    [['job', 'status', 'e', '..'], '<id>'],
    [['job', 'status', '', 'job-1'], '<endpoint>'],
    [['job', 'cancel', 'e', 'job 1'], '<id>'],
    [['job', 'run', '--endpoint', '', '--input', '{}'], '--endpoint'],
    [['job', 'run', '--endpoint', '../x', '--input', '{}'], '--endpoint'],
  ])('%j exits 2 naming %s', async (args, name) => {
    const r = await runCli([...args, ...runpod]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(name);
    expect(r.stderr).not.toContain('transport');
  });
});

describe('an unparseable URL is not echoed with what may be a credential', () => {
  const token = 'tok_9f8e7d6c5b4a3210';
  const bad = `ht tp://proxy.internal/v2?auth=${token}&token=${token}`;

  it.each([
    ['--base-url', ['ls', '--api-key', 'k', '--base-url', bad], {}],
    ['--runtime-url', ['ls', '--api-key', 'k', '--runtime-url', bad], {}],
    ['ATLAS_RUNPOD_BASE_URL', ['ls', '--api-key', 'k'], { ATLAS_RUNPOD_BASE_URL: bad }],
  ])('%s, in text and in --json', async (source, args, env) => {
    const text = await runCli(args, { env });
    expect(text.code).toBe(2);
    expect(text.stderr).toContain(`${source} "ht tp://proxy.internal/v2?`);
    expect(text.stderr).toContain('is not a URL');
    expect(text.stderr).not.toContain(token);
    const json = await runCli([...args, '--json'], { env });
    expect(json.code).toBe(2);
    expect(json.stdout).toContain('is not a URL');
    expect(json.stdout + json.stderr).not.toContain(token);
  });
});

describe('the first hour of a new user', () => {
  it('providers says a stub needs no key and what it is (a placeholder, or retired)', async () => {
    const r = await runCli(['providers']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('not set (FLY_API_TOKEN)');
    expect(r.stdout).toMatch(/│ lambda-labs\s+│ @atlas\/lambda-labs\s+│ not set \(LAMBDA_API_KEY\)\s+│/);
    expect(r.stdout).toMatch(/│ fly\s+│ @atlas\/stub-fly\s+│ not needed: retired\s+│/);
    const json = await runCli(['providers', '--json']);
    const rows = JSON.parse(json.stdout) as { id: string; key: string; stub: string | null }[];
    expect(rows.find((p) => p.id === 'fly')).toMatchObject({ key: 'not needed', stub: 'retired' });
    expect(rows.find((p) => p.id === 'vast')).toMatchObject({ key: 'none', stub: null });
    expect(rows.find((p) => p.id === 'runpod')).toMatchObject({ key: 'none', stub: null });
  });

  it('gpus on a stub gives the stub reason, not a capability message', async () => {
    const r = await runCli(['gpus', '--provider', 'fly']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unsupported error from fly');
    expect(r.stderr).toContain('retired GPU Machines on 2026-07-31');
    expect(r.stderr).not.toContain('capability');
  });

  it('a mock error names no HTTP status: no HTTP is involved', async () => {
    const r = await runCli(['get', 'pod-nope', '--provider', 'mock']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('not_found error from mock:');
    expect(r.stderr).not.toContain('HTTP');
  });

  it.each([
    [['spawn', '--bogus-flag']],
    [['spawn', '--provider', 'mock', '--bogus-flag']],
    [['job', 'run', '--bogus-flag']],
  ])('%j reports the unknown flag before a missing required one', async (args) => {
    const r = await runCli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus-flag'");
    expect(r.stderr).not.toContain('required option');
  });

  it('a missing required flag still exits 2 naming it', async () => {
    const spawn = await runCli(['spawn', '--provider', 'mock', '--image', 'busybox']);
    expect(spawn.code).toBe(2);
    expect(spawn.stderr).toContain("required option '--gpu <id>' not specified");
    const job = await runCli(['job', 'run', '--provider', 'mock', '--input', '{}', '--json']);
    expect(job.code).toBe(2);
    expect((JSON.parse(job.stdout) as { error: { message: string } }).error.message).toContain(
      "required option '--endpoint <id>' not specified",
    );
  });

  it('the missing-key hint shows a placeholder in --json, not [redacted] (and never a key)', async () => {
    const r = await runCli(['ls', '--json']);
    expect(r.code).toBe(2);
    const { error } = JSON.parse(r.stdout) as { error: { message: string; hint?: string } };
    const said = `${error.message} ${error.hint ?? ''}`;
    expect(said).toContain('"apiKey": "<your-key>"');
    expect(said).not.toContain('[redacted]');
    const text = await runCli(['ls']);
    expect(text.stderr).toContain('"apiKey": "<your-key>"');
  });
});
