import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import type { HttpHooks } from '@atlas/core';
import { registerSecret } from '@atlas/core/provider';
import type { Fault } from '@atlas/core/testing';
import {
  createMemoryStore,
  createOrchestrator,
  type Orchestrator,
  type OrchestratorEvent,
  type SpawnedSession,
} from '@atlas/orchestrator';
import { describe, expect, it } from 'vitest';
import { canary, errorOutputs, leaks, safeJson } from '../helpers/canaries.js';
import { CLOUDS, type Cloud, type Clouds, startClouds } from '../helpers/clouds.js';
import type { Select } from '../helpers/pending.js';
import { settle } from '../helpers/runpod.js';

/**
 * Canary secrets through a placed spawn: the three clouds' API keys and the session's env values,
 * echoed back by every cloud in its own error envelope (a refusal for capacity, a rate limit, a
 * wrong request, a 500 after the create), must not appear in any orchestrator event, the session's
 * placement history, the store (sessions and spend records), a log line, a hook event, the reaper's
 * result or the spawn's rejection. The bearer token minted at spawn must appear only in the spawn
 * result's `auth`.
 */

const OWNER = 'adv';
const GRACE_MS = 300;

interface Canaries {
  readonly runpodKey: string;
  readonly lambdaKey: string;
  readonly vastKey: string;
  readonly hfToken: string;
  readonly dbPass: string;
  readonly myVar: string;
}

function freshCanaries(): Canaries {
  return {
    runpodKey: canary('rp-canary-key'),
    lambdaKey: `secret_${canary('lambda-canary-key')}`,
    vastKey: canary('vast-canary-key'),
    hfToken: canary('hf-canary'),
    dbPass: canary('dbpass-canary'),
    myVar: canary('myvar-canary'),
  };
}

/** Every secret, as text a careless server puts in its message. */
const echo = (c: Canaries) => Object.values(c).join(' ');
/** And as fields. */
const echoFields = (c: Canaries) => ({
  env: { HF_TOKEN: c.hfToken, DB_PASS: c.dbPass, MY_VAR: c.myVar },
  request: { headers: { authorization: `Bearer ${c.runpodKey} ${c.lambdaKey} ${c.vastKey}` } },
});

/** Each cloud's refusal for capacity, in its own envelope, echoing every secret. */
function noCapacity(cloud: Cloud, c: Canaries): Fault {
  const text = echo(c);
  switch (cloud) {
    case 'runpod':
      return {
        status: 400,
        body: {
          title: 'Bad Request',
          detail: `There are no instances currently available (${text})`,
          ...echoFields(c),
        },
      };
    case 'lambda-labs':
      return {
        status: 400,
        body: {
          error: {
            code: 'instance-operations/launch/insufficient-capacity',
            message: `Not enough capacity for ${text}`,
            suggestion: text,
          },
          ...echoFields(c),
        },
      };
    case 'vast':
      return {
        status: 404,
        body: {
          success: false,
          error: 'no_such_ask',
          msg: `no_such_ask: the offer is gone (${text})`,
          ...echoFields(c),
        },
      };
  }
}

/** Each cloud's rate limit with Retry-After, echoing every secret. */
function rateLimited(cloud: Cloud, c: Canaries): Fault {
  const text = echo(c);
  const body =
    cloud === 'lambda-labs'
      ? {
          error: { code: 'global/rate-limit-exceeded', message: `Too many launch requests: ${text}` },
          ...echoFields(c),
        }
      : cloud === 'runpod'
        ? { title: 'Too Many Requests', detail: `slow down ${text}`, ...echoFields(c) }
        : { success: false, error: 'throttled', msg: `slow down ${text}`, ...echoFields(c) };
  return { status: 429, retryAfterSeconds: 1, body };
}

/** Each cloud's answer to a request it finds wrong (placement stops there), echoing every secret. */
function badRequest(cloud: Cloud, c: Canaries): Fault {
  const text = echo(c);
  const body =
    cloud === 'lambda-labs'
      ? { error: { code: 'global/invalid-parameters', message: `Invalid request: ${text}` }, ...echoFields(c) }
      : cloud === 'runpod'
        ? { title: 'Unprocessable', detail: `invalid field: ${text}`, ...echoFields(c) }
        : { success: false, error: 'invalid_args', msg: `invalid args: ${text}`, ...echoFields(c) };
  return { status: cloud === 'runpod' ? 422 : 400, body };
}

/** Everything that leaves the orchestrator, as text. */
interface Outputs {
  events: OrchestratorEvent[];
  logs: unknown[];
  hooks: unknown[];
  texts: Record<string, string>;
}

function recordingHooks(into: unknown[]): HttpHooks {
  return {
    onRequest: (event) => into.push({ on: 'request', ...event }),
    onResponse: (event) => into.push({ on: 'response', ...event }),
    onRetry: (event) => into.push({ on: 'retry', ...event }),
    onAttemptFailed: (event) => into.push({ on: 'attemptFailed', ...event }),
    onCallStart: (event) => into.push({ on: 'callStart', ...event }),
    onCallEnd: (event) => into.push({ on: 'callEnd', ...event }),
  };
}

interface Scenario {
  readonly name: string;
  /** Stages the faults; the clouds are placed in this order (`ordered`). */
  arm(clouds: Clouds, order: readonly Cloud[], c: Canaries): void;
  /** Whether the spawn must land (else it may reject). */
  readonly lands: boolean;
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'the first cloud refuses for capacity and the second rate-limits, both echoing every secret; it lands on the third',
    lands: true,
    arm: (clouds, [first, second], c) => {
      clouds.fakes[first!].faults.inject('spawnCompute', { ...noCapacity(first!, c), times: 50 });
      clouds.fakes[second!].faults.inject('spawnCompute', { ...rateLimited(second!, c), times: 50 });
    },
  },
  {
    name: 'the first cloud finds the request wrong, echoing every secret: placement stops',
    lands: false,
    arm: (clouds, [first], c) => {
      clouds.fakes[first!].faults.inject('spawnCompute', { ...badRequest(first!, c), times: 5 });
    },
  },
  {
    name: 'the first cloud answers a 500 after the create, echoing every secret',
    lands: false,
    arm: (clouds, [first], c) => {
      clouds.fakes[first!].faults.inject('spawnCompute', {
        afterCreate: true,
        status: 500,
        body: { message: `internal error ${echo(c)}`, ...echoFields(c) },
      });
    },
  },
];

const ROTATIONS: readonly (readonly [Cloud, Cloud, Cloud])[] = [
  ['runpod', 'lambda-labs', 'vast'],
  ['lambda-labs', 'vast', 'runpod'],
  ['vast', 'runpod', 'lambda-labs'],
];

async function runScenario(scenario: Scenario, order: readonly Cloud[]): Promise<void> {
  const c = freshCanaries();
  const clouds = await startClouds({
    apiKeys: { runpod: c.runpodKey, 'lambda-labs': c.lambdaKey, vast: c.vastKey },
  });
  const out: Outputs = { events: [], logs: [], hooks: [], texts: {} };
  const store = createMemoryStore();
  const sessionId = randomBytes(8).toString('hex');
  const log =
    (level: string) =>
    (...args: unknown[]) =>
      void out.logs.push([level, ...args]);
  const orch = createOrchestrator({
    providers: order.map((cloud) => clouds.providers[cloud]),
    ownerId: OWNER,
    store,
    ids: () => sessionId,
    graceMs: GRACE_MS,
    reapIntervalMs: 3_600_000,
    context: { hooks: recordingHooks(out.hooks) },
    logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
  });
  orch.on('*', (event) => out.events.push(event));
  try {
    scenario.arm(clouds, order, c);
    const outcome = await settle(() =>
      orch.spawn({
        gpu: 'h100',
        image: 'ghcr.io/acme/infer:1',
        ports: [{ port: 8000, protocol: 'http' }],
        env: { HF_TOKEN: c.hfToken, DB_PASS: c.dbPass, MY_VAR: c.myVar },
        placement: { strategy: 'ordered', maxAttempts: 20 },
      }),
    );
    let token = '';
    if (outcome.ok) {
      const spawned = outcome.value as SpawnedSession;
      token = spawned.auth?.token ?? '';
      expect(token.length, 'a bearer token was minted').toBeGreaterThan(0);
      // The token's two documented places: `auth`, and the compute's own `auth`. Nowhere else.
      const { auth: _auth, compute, ...rest } = spawned;
      const { auth: _computeAuth, ...computeRest } = compute;
      out.texts['spawn result (without auth)'] = safeJson(rest);
      out.texts['spawn result compute (without auth)'] = safeJson(computeRest);
      out.texts['inspect(session)'] = inspect(spawned.session, { depth: 20 });
      expect(spawned.session.placement?.attempts.length).toBeGreaterThan(scenario.lands ? 2 : 0);
      out.texts['get(session)'] = safeJson(await orch.get(spawned.session.id));
      await orch.release(spawned.session.id);
    } else {
      expect(scenario.lands, `rejected: ${String(outcome.error)}`).toBe(false);
      Object.assign(out.texts, errorOutputs(outcome.error));
      // A machine the 500 hid is the reaper's: one run to see it, one past the grace period.
      out.texts['reap 1'] = safeJson(await orch.reap());
      await new Promise((resolve) => setTimeout(resolve, GRACE_MS + 100));
      out.texts['reap 2'] = safeJson(await orch.reap());
    }
    expect(out.events.filter((e) => e.type === 'placement_attempt').length).toBeGreaterThan(0);
    out.texts['events.json'] = safeJson(out.events);
    out.texts['events.inspect'] = inspect(out.events, { depth: 20 });
    out.texts.logs = inspect(out.logs, { depth: 20 });
    out.texts.hooks = safeJson(out.hooks);
    out.texts['store sessions'] = safeJson(await store.list({ ownerId: OWNER }));
    out.texts['store spend'] = safeJson(await store.listSpend({ ownerId: OWNER }));
    const secrets: Record<string, string> = { ...c, ...(token === '' ? {} : { token }) };
    expect(leaks(out.texts, secrets)).toEqual([]);
  } finally {
    await orch.close({ terminate: true }).catch(() => undefined);
    await clouds.close();
  }
}

/**
 * Another process adopts the session (it never saw the env values or the token: here, the
 * registry forgets them under 5,000 newer secrets, as a second process never knew them), and the
 * cloud's answer to its terminate echoes them: its `terminate_failed` events and log lines must
 * still hold none. Without a secretsKey the adopter learns them only from the machine's body (RunPod,
 * Vast.ai); with one shared by both orchestrators, from the session's record, on every cloud.
 */
async function adoptedSessionEcho(cloud: Cloud, secretsKey?: string): Promise<void> {
  const c = freshCanaries();
  const clouds = await startClouds({ apiKeys: { runpod: c.runpodKey, 'lambda-labs': c.lambdaKey, vast: c.vastKey } });
  const store = createMemoryStore();
  const env = { HF_TOKEN: c.hfToken, DB_PASS: c.dbPass, MY_VAR: c.myVar };
  const first = createOrchestrator({
    providers: [clouds.providers[cloud]],
    ownerId: OWNER,
    store,
    instanceId: 'adv/a',
    ...(secretsKey === undefined ? {} : { secretsKey }),
  });
  const events: OrchestratorEvent[] = [];
  const logs: unknown[] = [];
  const log =
    (level: string) =>
    (...args: unknown[]) =>
      void logs.push([level, ...args]);
  let second: Orchestrator | undefined;
  try {
    const { session, auth } = await first.spawn({
      gpu: 'h100',
      image: 'ghcr.io/acme/infer:1',
      ports: [{ port: 8000, protocol: 'http' }],
      env,
    });
    const token = auth?.token ?? '';
    expect(token.length).toBeGreaterThan(0);
    await first.close(); // down without terminating: the session stays for the next process
    for (let i = 0; i < 5_000; i++) registerSecret(canary('filler'));
    const adopter = createOrchestrator({
      providers: [clouds.providers[cloud]],
      ownerId: OWNER,
      store,
      instanceId: 'adv/b',
      ...(secretsKey === undefined ? {} : { secretsKey }),
      terminateRetry: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
      logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    });
    second = adopter;
    adopter.on('*', (event) => void events.push(event));
    expect(await adopter.ready()).toEqual({ adopted: 1 });
    clouds.fakes[cloud].faults.inject('terminate', {
      status: 500,
      times: 20,
      body: { error: `cannot delete the pod: ${echo(c)} ${token}`, ...echoFields(c) },
    });
    await settle(() => adopter.release(session.id));
    expect(events.some((event) => event.type === 'terminate_failed')).toBe(true);
    const texts = {
      'events.json': safeJson(events),
      'events.inspect': inspect(events, { depth: 20 }),
      logs: inspect(logs, { depth: 20 }),
    };
    expect(leaks(texts, { ...env, token })).toEqual([]);
  } finally {
    await first.close().catch(() => undefined);
    await second?.close().catch(() => undefined);
    await clouds.close();
  }
}

/** Registers the cases `select` picks (keys: `<order>: <scenario>`, `adopted [with a shared secretsKey ]on <cloud>: <case>`). */
export function registerSecretsPlacement(select: Select): void {
  const adopted = 'a session adopted by another process, whose terminate answer echoes its env values and token';
  // A suite is registered only with cases in it: vitest fails an empty one (the pending run selects few).
  // Without a secretsKey the adopter learns them only from the machine's body, which Lambda Labs
  // never returns (its env lives in write-only user_data): that case needs the key, below.
  const adoptedOn = CLOUDS.filter((cloud) => cloud !== 'lambda-labs' && select(`adopted on ${cloud}: ${adopted}`));
  const sealedOn = CLOUDS.filter((cloud) => select(`adopted with a shared secretsKey on ${cloud}: ${adopted}`));
  if (adoptedOn.length > 0 || sealedOn.length > 0) {
    describe('adopted sessions', () => {
      for (const cloud of adoptedOn) it(`${adopted}, on ${cloud}`, () => adoptedSessionEcho(cloud));
      for (const cloud of sealedOn) {
        it(`${adopted}, on ${cloud}, both orchestrators sharing a secretsKey`, () =>
          adoptedSessionEcho(cloud, randomBytes(32).toString('base64')));
      }
    });
  }
  for (const order of ROTATIONS) {
    const scenarios = SCENARIOS.filter((scenario) => select(`${order.join(' > ')}: ${scenario.name}`));
    if (scenarios.length === 0) continue;
    describe.concurrent(`canary secrets through placement over ${order.join(' > ')}`, () => {
      for (const scenario of scenarios) it(scenario.name, () => runScenario(scenario, order));
    });
  }
}
