import type { AtlasError, Provider } from '@atlas/core';
import { createMock } from '@atlas/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LambdaRig, startLambdaRig } from '../helpers/lambda.js';
import type { Select } from '../helpers/pending.js';
import { type RunPodRig, rejectionOf, startRunPodRig, via, WAYS } from '../helpers/runpod.js';

/**
 * Bad input never reaches a cloud: every case rejects with AtlasError `validation` (`unsupported`
 * is also accepted for a GPU the provider does not know) whose issues name the field, and the
 * RunPod fake sees zero requests. Each case runs on the mock and on RunPod against its fake, each
 * called directly and through createAtlas.
 */

type AnyProvider = Provider & Record<string, (...args: never[]) => unknown>;

/** A call on a provider, tagged with the method it makes (a provider without that method skips the case). */
type CaseCall = ((provider: AnyProvider) => unknown) & { readonly method: string };

const calling = (method: string, call: (provider: AnyProvider) => unknown): CaseCall => Object.assign(call, { method });

interface BadCase {
  readonly label: string;
  /** The field the rejection must name (an issue path equal to it, or under or ending with it). */
  readonly field: string;
  readonly call: CaseCall;
  /** Kinds accepted besides `validation`. */
  readonly alsoKinds?: readonly string[];
  /** Only RunPod: its own bounds and the native fields it owns. */
  readonly runpodOnly?: boolean;
}

const BAD_IDS: readonly [string, unknown][] = [
  ['empty', ''],
  ['blank', '   '],
  ['null', null],
  ['a number', 123],
  ['an object', {}],
  ['an array', []],
  ['a dot', '.'],
  ['two dots', '..'],
  ['a slash', 'a/b'],
  ['a backslash', 'a\\b'],
  ['an encoded dot segment', '%2e%2e'],
  ['a query', 'a?b=1'],
  ['a fragment', 'a#b'],
  ['a tab', 'a\tb'],
  ['a newline', 'a\nb'],
  ['a lone surrogate', 'a\uD800b'],
  ['100,000 characters', 'x'.repeat(100_000)],
];

const ID_OPERATIONS: readonly [string, (p: AnyProvider, id: never) => unknown][] = [
  ['getCompute', (p, id) => p.getCompute(id)],
  ['stop', (p, id) => p.stop(id)],
  ['start', (p, id) => p.start(id)],
  ['terminate', (p, id) => p.terminate(id)],
  ['logs', (p, id) => (p.logs as (id: never) => unknown)(id)],
];

const spawn = (request: unknown) => calling('spawnCompute', (p) => p.spawnCompute(request as never));
const base = { gpu: 'h100', image: 'ghcr.io/acme/infer:1' };
const EIGHT_MB = 'i'.repeat(8 * 1024 * 1024);

const SPAWNS: BadCase[] = [
  { label: 'an 8 MB image', field: 'image', call: spawn({ ...base, image: EIGHT_MB }) },
  { label: 'an empty image', field: 'image', call: spawn({ ...base, image: '' }) },
  { label: 'an image that is a number', field: 'image', call: spawn({ ...base, image: 42 }) },
  { label: 'volumeGb 1e300', field: 'volumeGb', call: spawn({ ...base, volumeGb: 1e300 }) },
  { label: 'volumeGb -1', field: 'volumeGb', call: spawn({ ...base, volumeGb: -1 }) },
  { label: 'volumeGb NaN', field: 'volumeGb', call: spawn({ ...base, volumeGb: Number.NaN }) },
  { label: 'volumeGb Infinity', field: 'volumeGb', call: spawn({ ...base, volumeGb: Number.POSITIVE_INFINITY }) },
  { label: 'containerDiskGb 1e21', field: 'containerDiskGb', call: spawn({ ...base, containerDiskGb: 1e21 }) },
  { label: 'containerDiskGb 0.5', field: 'containerDiskGb', call: spawn({ ...base, containerDiskGb: 0.5 }) },
  { label: 'an unknown GPU', field: 'gpu', call: spawn({ ...base, gpu: 'h1000' }), alsoKinds: ['unsupported'] },
  { label: 'a GPU that is a number', field: 'gpu', call: spawn({ ...base, gpu: 100 }) },
  { label: 'gpuCount 0', field: 'gpuCount', call: spawn({ ...base, gpuCount: 0 }) },
  { label: 'gpuCount 1e9', field: 'gpuCount', call: spawn({ ...base, gpuCount: 1e9 }) },
  { label: 'gpuCount 1.5', field: 'gpuCount', call: spawn({ ...base, gpuCount: 1.5 }) },
  { label: 'port 0', field: 'ports', call: spawn({ ...base, ports: [{ port: 0 }] }) },
  { label: 'port 65536', field: 'ports', call: spawn({ ...base, ports: [{ port: 65_536 }] }) },
  { label: 'port -22', field: 'ports', call: spawn({ ...base, ports: [{ port: -22 }] }) },
  { label: 'port 80.5', field: 'ports', call: spawn({ ...base, ports: [{ port: 80.5 }] }) },
  { label: 'port "8000"', field: 'ports', call: spawn({ ...base, ports: [{ port: '8000' }] }) },
  { label: 'protocol ftp', field: 'ports', call: spawn({ ...base, ports: [{ port: 21, protocol: 'ftp' }] }) },
  { label: 'ports not an array', field: 'ports', call: spawn({ ...base, ports: { port: 80 } }) },
  {
    label: '65 ports',
    field: 'ports',
    call: spawn({ ...base, ports: Array.from({ length: 65 }, (_, i) => ({ port: 1000 + i })) }),
  },
  { label: 'an env value that is a number', field: 'env', call: spawn({ ...base, env: { A: 1 } }) },
  { label: 'an env name with "="', field: 'env', call: spawn({ ...base, env: { 'A=B': 'x' } }) },
  { label: 'env as an array', field: 'env', call: spawn({ ...base, env: ['A=B'] }) },
  { label: 'cloudType moon', field: 'cloudType', call: spawn({ ...base, cloudType: 'moon' }) },
  { label: 'auth magic', field: 'auth', call: spawn({ ...base, auth: 'magic' }) },
  { label: 'spot "yes"', field: 'spot', call: spawn({ ...base, spot: 'yes' }) },
  { label: 'regionHints a string', field: 'regionHints', call: spawn({ ...base, regionHints: 'US-KS-2' }) },
  { label: 'idleTtlMs -1', field: 'idleTtlMs', call: spawn({ ...base, idleTtlMs: -1 }) },
  { label: 'an unknown field', field: 'gpuz', call: spawn({ ...base, gpuz: 'h100' }) },
  { label: 'providerOptions an array', field: 'providerOptions', call: spawn({ ...base, providerOptions: [] }) },
  {
    label: 'providerOptions overriding name',
    field: 'providerOptions.name',
    call: spawn({ ...base, providerOptions: { name: 'not-mine' } }),
    runpodOnly: true,
  },
  // RunPod REST v2 body names (openapi-v2.json): `image`, `gpu: { id, count }`, `ports`, `env`.
  {
    label: 'providerOptions overriding image',
    field: 'providerOptions.image',
    call: spawn({ ...base, providerOptions: { image: 'evil/miner:latest' } }),
    runpodOnly: true,
  },
  {
    label: 'providerOptions overriding gpu.id',
    field: 'providerOptions.gpu',
    call: spawn({ ...base, providerOptions: { gpu: { id: 'NVIDIA B200' } } }),
    runpodOnly: true,
  },
  {
    label: 'providerOptions overriding gpu.count',
    field: 'providerOptions.gpu',
    call: spawn({ ...base, providerOptions: { gpu: { count: 8 } } }),
    runpodOnly: true,
  },
  {
    label: 'providerOptions replacing gpu with a string',
    field: 'providerOptions.gpu',
    call: spawn({ ...base, providerOptions: { gpu: 'NVIDIA B200' } }),
    runpodOnly: true,
  },
  {
    label: 'providerOptions overriding ports',
    field: 'providerOptions.ports',
    call: spawn({ ...base, providerOptions: { ports: ['22/tcp'] } }),
    runpodOnly: true,
  },
  {
    label: 'providerOptions overriding env.ATLAS_PRESHARED_KEY',
    field: 'providerOptions.env.ATLAS_PRESHARED_KEY',
    call: spawn({ ...base, auth: 'bearer', providerOptions: { env: { ATLAS_PRESHARED_KEY: 'attacker-chosen-key' } } }),
    runpodOnly: true,
  },
  { label: 'a request that is null', field: '', call: spawn(null) },
  { label: 'a request that is an array', field: '', call: spawn([]) },
  { label: 'a request that is a string', field: '', call: spawn('h100') },
];

const list = (filter: unknown) => calling('listCompute', (p) => p.listCompute(filter as never));
const FILTERS: BadCase[] = [
  { label: 'filter gpu h1000', field: 'gpu', call: list({ gpu: 'h1000' }), alsoKinds: ['unsupported'] },
  { label: 'filter []', field: 'filter', call: list([]) },
  { label: 'filter status exploded', field: 'status', call: list({ status: 'exploded' }) },
  { label: 'filter name 123', field: 'name', call: list({ name: 123 }) },
  { label: 'filter a string', field: '', call: list('running') },
];

const job = (method: 'getJob' | 'cancelJob' | 'streamJob', ref: unknown) =>
  calling(method, (p) => (p[method] as (ref: never) => unknown)(ref as never));
const JOB_REFS: BadCase[] = (['getJob', 'cancelJob', 'streamJob'] as const).flatMap((method) => [
  { label: `${method} endpoint ''`, field: 'endpoint', call: job(method, { endpoint: '', id: 'job-1' }) },
  { label: `${method} endpoint a/b`, field: 'endpoint', call: job(method, { endpoint: 'a/b', id: 'job-1' }) },
  { label: `${method} id ..`, field: 'id', call: job(method, { endpoint: 'echo', id: '..' }) },
  {
    label: `${method} id 100,000 chars`,
    field: 'id',
    call: job(method, { endpoint: 'echo', id: 'j'.repeat(100_000) }),
  },
  { label: `${method} id null`, field: 'id', call: job(method, { endpoint: 'echo', id: null }) },
  { label: `${method} ref null`, field: '', call: job(method, null) },
]);

const run = (request: unknown) => calling('runJob', (p) => (p.runJob as (r: never) => unknown)(request as never));
const JOBS: BadCase[] = [
  { label: 'runJob endpoint ..', field: 'endpoint', call: run({ endpoint: '..', input: {} }) },
  { label: 'runJob no input', field: 'input', call: run({ endpoint: 'echo' }) },
  { label: 'runJob mode turbo', field: 'mode', call: run({ endpoint: 'echo', input: {}, mode: 'turbo' }) },
  { label: 'runJob timeoutMs -1', field: 'timeoutMs', call: run({ endpoint: 'echo', input: {}, timeoutMs: -1 }) },
  { label: 'runJob webhook not a URL', field: 'webhook', call: run({ endpoint: 'echo', input: {}, webhook: 'nope' }) },
  {
    label: 'runJob webhook javascript:',
    field: 'webhook',
    call: run({ endpoint: 'echo', input: {}, webhook: 'javascript:alert(1)' }),
  },
  {
    label: 'runJob policy.ttlMs 0',
    field: 'policy.ttlMs',
    call: run({ endpoint: 'echo', input: {}, policy: { ttlMs: 0 } }),
  },
  {
    label: 'runJob policy.executionTimeoutMs 1 ms (RunPod: at least 5 s)',
    field: 'policy.executionTimeoutMs',
    call: run({ endpoint: 'echo', input: {}, policy: { executionTimeoutMs: 1 } }),
    runpodOnly: true,
  },
  {
    label: 'runJob policy.executionTimeoutMs 30 days (RunPod: at most 7)',
    field: 'policy.executionTimeoutMs',
    call: run({ endpoint: 'echo', input: {}, policy: { executionTimeoutMs: 30 * 86_400_000 } }),
    runpodOnly: true,
  },
  {
    label: 'runJob policy.ttlMs 1 s (RunPod: at least 10 s)',
    field: 'policy.ttlMs',
    call: run({ endpoint: 'echo', input: {}, policy: { ttlMs: 1_000 } }),
    runpodOnly: true,
  },
];

const logs = (options: unknown) =>
  calling('logs', (p) => (p.logs as (id: string, o: never) => unknown)('pod-1', options as never));
const LOGS: BadCase[] = [
  { label: 'logs tail -1', field: 'tail', call: logs({ tail: -1 }) },
  { label: 'logs tail 1.5', field: 'tail', call: logs({ tail: 1.5 }) },
  { label: 'logs tail 5001 (RunPod: at most 5000)', field: 'tail', call: logs({ tail: 5001 }), runpodOnly: true },
  { label: 'logs since "yesterday"', field: 'since', call: logs({ since: 'yesterday' }), runpodOnly: true },
  { label: 'logs since 2026-02-30', field: 'since', call: logs({ since: '2026-02-30T00:00:00Z' }), runpodOnly: true },
];

const ID_CASES: BadCase[] = ID_OPERATIONS.flatMap(([operation, call]) =>
  BAD_IDS.map(([label, id]) => ({
    label: `${operation} id ${label}`,
    field: 'id',
    call: calling(operation, (p) => call(p, id as never)),
  })),
);

const LAMBDA_METHODS = new Set(['spawnCompute', 'getCompute', 'listCompute', 'stop', 'start', 'terminate']);

const CORPUS: readonly BadCase[] = [...ID_CASES, ...SPAWNS, ...FILTERS, ...JOB_REFS, ...JOBS, ...LOGS];

function namesField(error: AtlasError, field: string): boolean {
  if (field === '') return error.issues.length > 0 || error.kind === 'validation';
  return error.issues.some(
    ({ path }) => path !== undefined && (path === field || path.startsWith(`${field}.`) || path.endsWith(`.${field}`)),
  );
}

function expectRefused(error: AtlasError, badCase: BadCase, provider: string): void {
  expect([...(badCase.alsoKinds ?? []), 'validation'], error.message).toContain(error.kind);
  expect(error.provider).toBe(provider);
  expect(namesField(error, badCase.field), `issues ${JSON.stringify(error.issues)}`).toBe(true);
}

/** Registers the bad-input cases that `select` picks (by key: `corpus`, or `<target> <way>: <case>`). */
export function registerBadInput(select: Select): void {
  if (select('corpus')) {
    it('the corpus holds at least 150 cases', () => {
      expect(CORPUS.length).toBeGreaterThanOrEqual(150);
    });
  }

  for (const way of WAYS) {
    const runpodCases = CORPUS.filter((c) => select(`runpod ${way}: ${c.label}`));
    if (runpodCases.length > 0) {
      describe(`RunPod against its fake, ${way}`, () => {
        let rig: RunPodRig;
        beforeAll(async () => {
          rig = await startRunPodRig({ endpoints: ['echo'] });
        });
        afterAll(() => rig.close());

        it.each(runpodCases.map((c) => [c.label, c] as const))(
          '%s: validation naming the field, zero requests',
          async (_l, c) => {
            const before = rig.requests();
            const error = await rejectionOf(() => c.call(via(rig.provider, way) as unknown as AnyProvider));
            expectRefused(error, c, 'runpod');
            expect(rig.requests() - before).toBe(0);
          },
        );
      });
    }

    // Lambda has no serverless and no logs: the cases of methods it lacks do not apply.
    const lambdaCases = CORPUS.filter(
      (c) => !c.runpodOnly && LAMBDA_METHODS.has(c.call.method) && select(`lambda ${way}: ${c.label}`),
    );
    if (lambdaCases.length > 0) {
      describe(`Lambda Labs against its fake, ${way}`, () => {
        let rig: LambdaRig;
        beforeAll(async () => {
          rig = await startLambdaRig();
        });
        afterAll(() => rig.close());

        it.each(lambdaCases.map((c) => [c.label, c] as const))(
          '%s: validation naming the field, zero requests',
          async (_l, c) => {
            const before = rig.requests();
            const error = await rejectionOf(() => c.call(via(rig.provider, way) as unknown as AnyProvider));
            expectRefused(error, c, 'lambda-labs');
            expect(rig.requests() - before).toBe(0);
          },
        );
      });
    }

    const mockCases = CORPUS.filter((c) => !c.runpodOnly && select(`mock ${way}: ${c.label}`));
    if (mockCases.length > 0) {
      describe(`the mock, ${way}`, () => {
        it.each(mockCases.map((c) => [c.label, c] as const))(
          '%s: validation naming the field, nothing created',
          async (_l, c) => {
            const mock = createMock();
            const error = await rejectionOf(() => c.call(via(mock, way) as unknown as AnyProvider));
            expectRefused(error, c, 'mock');
            expect(await mock.listCompute({})).toEqual([]);
          },
        );
      });
    }
  }
}
