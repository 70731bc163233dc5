import { inspect } from 'node:util';
import type { Compute, HttpHooks } from '@atlas/core';
import { createOrchestrator, type OrchestratorEvent } from '@atlas/orchestrator';
import { describe, expect, it, type TestFunction } from 'vitest';
import { canary, errorOutputs, leaks, safeJson } from '../helpers/canaries.js';
import { type LambdaRig, startLambdaRig } from '../helpers/lambda.js';
import type { Select } from '../helpers/pending.js';
import { rejectionOf, startRunPodRig, via, WAYS } from '../helpers/runpod.js';
import { startVastRig, type VastRig } from '../helpers/vast.js';

/**
 * Canary secrets through every output. The API key, the bearer token minted at spawn, env values
 * (secret-looking names and plain ones) and providerOptions.env values are echoed back by the
 * server (in a 400 body, in a pod body, in a truncated body), and must not appear, plain or
 * base64-encoded, in any error output, `raw`, hook event or orchestrator event. Values shorter
 * than 8 characters are exempt (documented in docs/reliability.md): redacting them would eat
 * ordinary words.
 */

interface Canaries {
  readonly apiKey: string;
  readonly hfToken: string;
  readonly dbPass: string;
  readonly myVar: string;
  readonly nativeVar: string;
}

function freshCanaries(): Canaries {
  return {
    apiKey: canary('rp-canary-key'),
    hfToken: canary('hf-canary'),
    dbPass: canary('dbpass-canary'),
    myVar: canary('myvar-canary'),
    nativeVar: canary('native-canary'),
  };
}

function spawnRequest(c: Canaries) {
  return {
    gpu: 'h100',
    image: 'ghcr.io/acme/infer:1',
    name: 'canary-pod',
    ports: [{ port: 8000, protocol: 'http' as const }],
    auth: 'bearer' as const,
    // SHORT is below the 8-character floor: exempt, and not checked.
    env: { HF_TOKEN: c.hfToken, DB_PASS: c.dbPass, MY_VAR: c.myVar, SHORT: 'abc' },
    providerOptions: { env: { NATIVE_VAR: c.nativeVar } },
  };
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** What a careless server echoes: every value, as fields, as text, as base64, as an env map. */
function echoBody(secrets: Readonly<Record<string, string>>) {
  const values = Object.values(secrets);
  return {
    type: 'about:blank',
    title: 'Bad Request',
    detail: `rejected: ${values.join(' ')} (${values.map(b64).join(',')})`,
    errors: Object.fromEntries(values.map((value) => [value, [`bad value ${value}`]])),
    env: { ...secrets },
    echo: values.map((value) => ({ key: 'X', value, encoded: b64(value) })),
    request: {
      headers: { authorization: `Bearer ${secrets.apiKey ?? ''}` },
      query: `?api_key=${secrets.apiKey ?? ''}`,
    },
  };
}

/** Hooks that keep every event, to check them for secrets. */
function recordingHooks(): { hooks: HttpHooks; events: unknown[] } {
  const events: unknown[] = [];
  return {
    events,
    hooks: {
      onRequest: (event) => events.push({ on: 'request', ...event }),
      onResponse: (event) => events.push({ on: 'response', ...event }),
      onRetry: (event) => events.push({ on: 'retry', ...event }),
    },
  };
}

function expectNoLeaks(texts: Record<string, string>, secrets: Readonly<Record<string, string>>): void {
  expect(leaks(texts, secrets)).toEqual([]);
}

function expectNoEncodedLeaks(texts: Record<string, string>, secrets: Readonly<Record<string, string>>): void {
  expect(leaks(texts, secrets, { encoded: true })).toEqual([]);
}

async function rigFor(c: Canaries, intercept?: (request: Request) => Promise<Response | undefined>) {
  const recorded = recordingHooks();
  const rig = await startRunPodRig({ apiKey: c.apiKey }, { hooks: recorded.hooks }, intercept);
  return { rig, events: recorded.events };
}

/** Registers the cases that `select` picks (by key: `<way>: <case>`, or `orchestrator`). */
export function registerSecrets(select: Select): void {
  for (const way of WAYS) {
    const test = (name: string, fn: TestFunction) => {
      if (select(`${way}: ${name}`)) it(name, fn);
    };
    describe(`canary secrets, RunPod ${way}`, () => {
      test('a 400 that echoes every secret (the fake fault body): no output holds one', async () => {
        const c = freshCanaries();
        const { rig, events } = await rigFor(c);
        try {
          rig.fake.faults.inject('spawnCompute', {
            status: 400,
            body: echoBody({ ...c }),
            contentType: 'application/problem+json',
          });
          const error = await rejectionOf(() => via(rig.provider, way).spawnCompute(spawnRequest(c)));
          expect(error.kind).toBe('validation');
          expect(rig.fake.faults.count('spawnCompute')).toBe(1);
          expect(events.length).toBeGreaterThan(0);
          expectNoLeaks({ ...errorOutputs(error), hooks: safeJson(events) }, { ...c });
        } finally {
          await rig.close();
        }
      });

      test('hooks given on the call (CallContext.hooks) see request, retry and response events, none holding a secret', async () => {
        const c = freshCanaries();
        const { rig } = await rigFor(c);
        try {
          const provider = via(rig.provider, way);
          const compute = await provider.spawnCompute(spawnRequest(c));
          const token = compute.auth?.token ?? '';
          rig.fake.faults.inject('getCompute', {
            status: 503,
            times: 2,
            contentType: 'application/problem+json',
            body: echoBody({ ...c, token }),
          });
          const onCall = recordingHooks();
          const outcome = await provider
            .getCompute(compute.id, { hooks: onCall.hooks, retry: { limit: 3, backoffMs: 5, maxDelayMs: 20 } })
            .then(
              (value) => ({ value, error: undefined }),
              (error: unknown) => ({ value: undefined, error }),
            );
          const kinds = new Set(onCall.events.map((event) => (event as { on: string }).on));
          expect([...kinds].sort()).toEqual(['request', 'response', 'retry']);
          expectNoLeaks(
            {
              hooks: safeJson(onCall.events),
              ...(outcome.error === undefined
                ? { 'get.raw': safeJson(outcome.value?.raw) }
                : errorOutputs(outcome.error)),
            },
            { ...c, token },
          );
        } finally {
          await rig.close();
        }
      });

      test('a 400 that echoes the base64 of every secret: raw holds no base64 form of one', async () => {
        const c = freshCanaries();
        const { rig } = await rigFor(c);
        try {
          rig.fake.faults.inject('spawnCompute', {
            status: 400,
            body: echoBody({ ...c }),
            contentType: 'application/problem+json',
          });
          const error = await rejectionOf(() => via(rig.provider, way).spawnCompute(spawnRequest(c)));
          expect(error.kind).toBe('validation');
          expect(JSON.stringify(error.raw)).toContain('echo');
          expectNoEncodedLeaks(errorOutputs(error), { ...c });
        } finally {
          await rig.close();
        }
      });

      test('a 400 that echoes the request as sent, the minted bearer token included: no output holds one', async () => {
        const c = freshCanaries();
        let token = '';
        const echo = async (request: Request) => {
          if (request.method !== 'POST' || !new URL(request.url).pathname.endsWith('/pods')) return undefined;
          const sent = await request.text();
          token = (JSON.parse(sent) as { env?: Record<string, string> }).env?.ATLAS_PRESHARED_KEY ?? '';
          const body = {
            ...echoBody({ ...c, token }),
            received: JSON.parse(sent),
            receivedText: sent,
            receivedBase64: b64(sent),
            authorization: request.headers.get('authorization'),
          };
          return new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json' } });
        };
        const { rig, events } = await rigFor(c, echo);
        try {
          const error = await rejectionOf(() => via(rig.provider, way).spawnCompute(spawnRequest(c)));
          expect(token.length).toBeGreaterThanOrEqual(32);
          expect(events.length).toBeGreaterThan(0);
          expectNoLeaks({ ...errorOutputs(error), hooks: safeJson(events) }, { ...c, token });
        } finally {
          await rig.close();
        }
      });

      test('a pod body carrying every secret: raw of spawn, get and list holds none; the token only in auth', async () => {
        const c = freshCanaries();
        const { rig, events } = await rigFor(c);
        try {
          const provider = via(rig.provider, way);
          const compute = await provider.spawnCompute(spawnRequest(c));
          const token = compute.auth?.token ?? '';
          expect(rig.fake.pods.readEnv(compute.id)?.ATLAS_PRESHARED_KEY).toBe(token);
          expect(rig.fake.pods.readEnv(compute.id)?.MY_VAR).toBe(c.myVar);
          const { auth: _auth, ...rest } = compute;
          const got = await provider.getCompute(compute.id);
          const listed = await provider.listCompute({});
          expect(events.length).toBeGreaterThan(0);
          expectNoLeaks(
            {
              'spawn (without its auth handle)': safeJson(rest),
              'spawn.raw': safeJson(compute.raw),
              'get.json': safeJson(got),
              'get.inspect': inspect(got, { depth: 20 }),
              'get.raw': safeJson(got.raw),
              'list.json': safeJson(listed),
              'list.raw': safeJson(listed.map((item: Compute) => item.raw)),
              hooks: safeJson(events),
            },
            { ...c, token },
          );
        } finally {
          await rig.close();
        }
      });

      const READ_FAULTS = (
        [
          ['a 500 whose body is the pod (env and token inside)', (pod: unknown) => ({ status: 500, body: pod })],
          [
            'a 400 in plain text listing the env as K=V',
            (pod: unknown) => ({
              status: 400,
              contentType: 'text/plain',
              body: Object.entries((pod as { env: Record<string, string> }).env)
                .map(([k, v]) => `${k}=${v}`)
                .join('\n'),
            }),
          ],
          [
            'a 200 whose JSON is cut off after the env',
            (pod: unknown) => ({
              status: 200,
              contentType: 'application/json',
              body: JSON.stringify(pod).slice(0, -2),
            }),
          ],
          [
            'a 404 whose problem detail quotes the env values',
            (pod: unknown) => ({
              status: 404,
              contentType: 'application/problem+json',
              body: echoBody((pod as { env: Record<string, string> }).env),
            }),
          ],
        ] as const
      ).filter(([label]) => select(`${way}: getCompute after ${label}`));
      if (READ_FAULTS.length > 0)
        it.each(READ_FAULTS)('getCompute after %s: no output holds a secret', async (_label, makeFault) => {
          const c = freshCanaries();
          const { rig, events } = await rigFor(c);
          try {
            const provider = via(rig.provider, way);
            const compute = await provider.spawnCompute(spawnRequest(c));
            const token = compute.auth?.token ?? '';
            const pod = rig.fake.pods.get(compute.id);
            rig.fake.faults.inject('getCompute', { times: 5, ...makeFault(pod) });
            const error = await rejectionOf(() => provider.getCompute(compute.id));
            expect(events.length).toBeGreaterThan(0);
            expectNoLeaks({ ...errorOutputs(error), hooks: safeJson(events) }, { ...c, token });
          } finally {
            await rig.close();
          }
        });
    });
  }
  registerCarrierSecrets(select);
  if (select('orchestrator'))
    describe('canary secrets through the orchestrator (RunPod against its fake)', () => {
      it('events, errors in events and log lines hold no secret when a terminate fails echoing them', async () => {
        const c = freshCanaries();
        const { rig, events: hookEvents } = await rigFor(c);
        const events: OrchestratorEvent[] = [];
        const logLines: unknown[] = [];
        const log = (...args: unknown[]) => logLines.push(args);
        const orchestrator = createOrchestrator({
          provider: rig.provider,
          ownerId: 'adversarial',
          terminateRetry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
          logger: { debug: log, info: log, warn: log, error: log },
        });
        orchestrator.on('*', (event) => events.push(event));
        try {
          const { session, auth } = await orchestrator.spawn({
            userId: 'alice',
            gpu: 'h100',
            image: 'ghcr.io/acme/infer:1',
            ports: [{ port: 8000, protocol: 'http' }],
            env: { HF_TOKEN: c.hfToken, DB_PASS: c.dbPass, MY_VAR: c.myVar },
            providerOptions: { env: { NATIVE_VAR: c.nativeVar } },
          });
          const token = auth?.token ?? '';
          expect(token.length).toBeGreaterThanOrEqual(32);
          rig.fake.faults.inject('terminate', {
            status: 400,
            times: 10,
            contentType: 'application/problem+json',
            body: echoBody({ ...c, token }),
          });
          const failed = new Promise<void>((resolve) => {
            orchestrator.on('terminate_failed', () => resolve());
          });
          await orchestrator.release(session.id).catch((error: unknown) => logLines.push(['release rejected', error]));
          await failed;
          expect(events.some((event) => event.type === 'terminate_failed')).toBe(true);
          const failure = events.find((event) => event.type === 'terminate_failed');
          expect(hookEvents.length).toBeGreaterThan(0);
          expectNoLeaks(
            {
              'events.json': safeJson(events),
              'events.inspect': inspect(events, { depth: 20 }),
              ...(failure?.type === 'terminate_failed' ? errorOutputs(failure.error) : {}),
              logs: inspect(logLines, { depth: 20 }),
              sessions: safeJson(await orchestrator.list()),
              hooks: safeJson(hookEvents),
            },
            { ...c, token },
          );
        } finally {
          await orchestrator.close({ terminate: false }).catch(() => {});
          await rig.close();
        }
      });
    });
}

/** A cloud whose API carries a machine's env somewhere of its own, and what its cases need. */
interface EnvCarrier {
  /** The key prefix (`<key> <way>: <case>`) and the describe's title. */
  readonly key: string;
  readonly title: string;
  /** Where the env travels, as the case names say it. */
  readonly carrier: string;
  /** What the cloud calls a create, as the case names say it. */
  readonly create: string;
  readonly spawn: { readonly gpu: string; readonly name: string; readonly protocol: 'tcp' | 'http' };
  start(hooks: HttpHooks): Promise<{
    readonly provider: LambdaRig['provider'] | VastRig['provider'];
    readonly apiKey: string;
    readEnv(id: string): Record<string, string> | undefined;
    /** The next create is refused with a 400 whose body, in the cloud's own envelope, echoes `values`. */
    refuseCreate(values: readonly string[], secrets: Readonly<Record<string, string>>): void;
    close(): Promise<void>;
  }>;
}

const ENV_CARRIERS: readonly EnvCarrier[] = [
  {
    // Lambda Labs carries the env to the VM inside cloud-init user data: every value in one string.
    key: 'lambda',
    title: 'Lambda Labs',
    carrier: 'user data',
    create: 'launch',
    spawn: { gpu: 'h100', name: 'canary-vm', protocol: 'tcp' },
    async start(hooks) {
      const rig = await startLambdaRig({ hooks });
      return {
        provider: rig.provider,
        apiKey: rig.fake.apiKey,
        readEnv: (id) => rig.fake.readEnv(id),
        refuseCreate: (values, secrets) =>
          rig.fake.faults.inject('spawnCompute', {
            status: 400,
            body: {
              error: {
                code: 'global/invalid-parameters',
                message: `rejected user data: ${values.join(' ')}`,
                suggestion: `check ${values.map((value) => `X=${value}`).join(' ')}`,
              },
              env: { ...secrets },
            },
          }),
        close: () => rig.close(),
      };
    },
  },
  {
    // Vast.ai carries the env in the instance's `extra_env`, returned by every read next to a Jupyter token.
    key: 'vast',
    title: 'Vast.ai',
    carrier: 'extra_env',
    create: 'rent',
    spawn: { gpu: 'rtx_4090', name: 'canary-instance', protocol: 'http' },
    async start(hooks) {
      const rig = await startVastRig({ hooks });
      return {
        provider: rig.provider,
        apiKey: rig.fake.apiKey,
        readEnv: (id) => rig.fake.instances.readEnv(id),
        refuseCreate: (values, secrets) =>
          rig.fake.faults.inject('spawnCompute', {
            status: 400,
            body: {
              success: false,
              error: 'invalid_args',
              msg: `rejected env: ${values.join(' ')} (${values.map(b64).join(',')})`,
              env: { ...secrets },
            },
          }),
        close: () => rig.close(),
      };
    },
  },
];

/**
 * The clouds that carry the env in a place of their own: canaries must stay out of raw (spawn,
 * get, list) and out of an error that echoes them. Keys: `<cloud> <way>: <case>`.
 */
function registerCarrierSecrets(select: Select): void {
  for (const cloud of ENV_CARRIERS) {
    for (const way of WAYS) {
      const carried = `an instance whose ${cloud.carrier} carries every secret: raw of spawn, get and list holds none`;
      const refused = `a ${cloud.create} answered by a 400 echoing every secret: no output holds one`;
      const test = (name: string, fn: TestFunction) => {
        if (select(`${cloud.key} ${way}: ${name}`)) it(name, fn);
      };
      // A describe without a test fails the file (the pending run selects none of these).
      if (![carried, refused].some((name) => select(`${cloud.key} ${way}: ${name}`))) continue;
      const request = (c: Canaries) => ({
        gpu: cloud.spawn.gpu,
        image: 'ghcr.io/acme/infer:1',
        name: cloud.spawn.name,
        ports: [{ port: 8000, protocol: cloud.spawn.protocol }],
        auth: 'bearer' as const,
        env: { HF_TOKEN: c.hfToken, DB_PASS: c.dbPass, MY_VAR: c.myVar, SHORT: 'abc' },
      });
      describe(`canary secrets, ${cloud.title} ${way}`, () => {
        test(carried, async () => {
          const c = freshCanaries();
          const recorded = recordingHooks();
          const rig = await cloud.start(recorded.hooks);
          try {
            const provider = via(rig.provider, way);
            const compute = await provider.spawnCompute(request(c));
            const token = compute.auth?.token ?? '';
            expect(rig.readEnv(compute.id)?.MY_VAR).toBe(c.myVar);
            const { auth: _auth, ...rest } = compute;
            const got = await provider.getCompute(compute.id);
            const listed = await provider.listCompute({});
            expect(recorded.events.length).toBeGreaterThan(0);
            expectNoLeaks(
              {
                'spawn (without its auth handle)': safeJson(rest),
                'spawn.raw': safeJson(compute.raw),
                'get.json': safeJson(got),
                'get.raw': safeJson(got.raw),
                'list.raw': safeJson(listed.map((item: Compute) => item.raw)),
                hooks: safeJson(recorded.events),
              },
              { hfToken: c.hfToken, dbPass: c.dbPass, myVar: c.myVar, apiKey: rig.apiKey, token },
            );
          } finally {
            await rig.close();
          }
        });

        test(refused, async () => {
          const c = freshCanaries();
          const recorded = recordingHooks();
          const rig = await cloud.start(recorded.hooks);
          try {
            const secrets = { hfToken: c.hfToken, dbPass: c.dbPass, myVar: c.myVar, apiKey: rig.apiKey };
            rig.refuseCreate(Object.values(secrets), secrets);
            const error = await rejectionOf(() => via(rig.provider, way).spawnCompute(request(c)));
            expect(error.kind).toBe('validation');
            expect(recorded.events.length).toBeGreaterThan(0);
            expectNoLeaks({ ...errorOutputs(error), hooks: safeJson(recorded.events) }, secrets);
            expectNoEncodedLeaks(errorOutputs(error), secrets);
          } finally {
            await rig.close();
          }
        });
      });
    }
  }
}
