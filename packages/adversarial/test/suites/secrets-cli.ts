import { startRunPodFake } from '@atlas/runpod/testing';
import { describe, expect, it, type TestFunction } from 'vitest';
import { canary, leaks } from '../helpers/canaries.js';
import { runCli } from '../helpers/cli.js';
import type { Select } from '../helpers/pending.js';

/**
 * The CLI (built, run as a child process) against the RunPod fake: canary secrets in env values
 * and the API key, echoed back by the server, never reach stdout or stderr, in text or `--json`,
 * quiet or verbose. The bearer token is printed once, by the spawn that minted it, and never again.
 */

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

function canaries() {
  return {
    apiKey: canary('rp-cli-key'),
    hfToken: canary('hf-cli'),
    dbPass: canary('dbpass-cli'),
    myVar: canary('myvar-cli'),
  };
}

type Secrets = ReturnType<typeof canaries>;

function envFlags(c: Secrets): string[] {
  return ['--env', `HF_TOKEN=${c.hfToken}`, '--env', `DB_PASS=${c.dbPass}`, '--env', `MY_VAR=${c.myVar}`];
}

function echoBody(secrets: Readonly<Record<string, string>>) {
  const values = Object.values(secrets);
  return {
    title: 'Bad Request',
    detail: `rejected: ${values.join(' ')} ${values.map(b64).join(' ')}`,
    errors: Object.fromEntries(values.map((value) => [value, [`bad value ${value}`]])),
    env: { ...secrets },
  };
}

const MODES = [
  ['text', []],
  ['--json', ['--json']],
  ['--verbose', ['--verbose']],
  ['--json --verbose', ['--json', '--verbose']],
] as const;

/** Registers the cases that `select` picks (by key: `<mode>: <case>`). */
export function registerSecretsCli(select: Select): void {
  for (const [mode, modeFlags] of MODES) {
    const test = (name: string, fn: TestFunction) => {
      // Each case starts the CLI up to five times, a Node process each: bounded, but not by a loaded machine's 20 s.
      if (select(`${mode}: ${name}`)) it(name, fn, 60_000);
    };
    describe(`the CLI, ${mode}`, () => {
      test('a spawn answered by a 400 echoing every secret prints none of them', async () => {
        const c = canaries();
        const fake = await startRunPodFake({ apiKey: c.apiKey });
        try {
          fake.faults.inject('spawnCompute', {
            status: 400,
            contentType: 'application/problem+json',
            body: echoBody(c),
          });
          const at = [
            '--provider',
            'runpod',
            '--base-url',
            fake.url,
            '--runtime-url',
            fake.runtimeUrl,
            '--api-key',
            c.apiKey,
          ];
          const run = await runCli(['spawn', ...at, ...modeFlags, '--gpu', 'h100', '--image', 'x/y:1', ...envFlags(c)]);
          expect(run.code).toBe(1);
          expect(fake.faults.count('spawnCompute')).toBe(1);
          expect(leaks({ stdout: run.stdout, stderr: run.stderr }, c)).toEqual([]);
        } finally {
          await fake.close();
        }
      });

      test('the token is printed once, by spawn; get, ls and a failing get print no secret', async () => {
        const c = canaries();
        const fake = await startRunPodFake({ apiKey: c.apiKey, provisioningMs: 20, startingMs: 20 });
        try {
          const at = [
            '--provider',
            'runpod',
            '--base-url',
            fake.url,
            '--runtime-url',
            fake.runtimeUrl,
            '--api-key',
            c.apiKey,
          ];
          const spawned = await runCli([
            'spawn',
            ...at,
            '--json',
            '--gpu',
            'h100',
            '--image',
            'x/y:1',
            '--port',
            '8000/http',
            '--auth',
            'bearer',
            ...envFlags(c),
          ]);
          expect(spawned.code, spawned.stderr).toBe(0);
          const compute = JSON.parse(spawned.stdout) as { id: string; auth?: { token: string } };
          const token = compute.auth?.token ?? '';
          expect(token.length).toBeGreaterThanOrEqual(32);
          // The spawn prints the token (its one chance) but no env value and not the key.
          expect(leaks({ stdout: spawned.stdout, stderr: spawned.stderr }, c)).toEqual([]);

          const get = await runCli(['get', compute.id, ...at, ...modeFlags]);
          const list = await runCli(['ls', ...at, ...modeFlags]);
          expect(get.code, get.stderr).toBe(0);
          expect(list.code, list.stderr).toBe(0);
          fake.faults.inject('getCompute', { status: 500, times: 10, body: fake.pods.get(compute.id) });
          const failing = await runCli(['get', compute.id, ...at, ...modeFlags]);
          expect(failing.code).toBe(1);
          fake.faults.inject('getCompute', {
            status: 404,
            times: 10,
            contentType: 'application/problem+json',
            body: echoBody({ ...c, token }),
          });
          const echoed = await runCli(['get', compute.id, ...at, ...modeFlags]);
          expect(echoed.code).toBe(1);
          expect(
            leaks(
              {
                'get.stdout': get.stdout,
                'get.stderr': get.stderr,
                'ls.stdout': list.stdout,
                'ls.stderr': list.stderr,
                'failing get.stdout': failing.stdout,
                'failing get.stderr': failing.stderr,
                'echoed get.stdout': echoed.stdout,
                'echoed get.stderr': echoed.stderr,
              },
              { ...c, token },
            ),
          ).toEqual([]);
        } finally {
          await fake.close();
        }
      });
    });
  }
}
