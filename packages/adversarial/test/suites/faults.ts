import { type AtlasError, type ErrorKind, isAtlasError } from '@atlas/core';
import type { Fault, FaultInjector } from '@atlas/core/testing';
import type { RunPodProvider } from '@atlas/runpod';
import type { RunPodFake } from '@atlas/runpod/testing';
import { describe, expect, it } from 'vitest';
import { startLambdaRig } from '../helpers/lambda.js';
import type { Select } from '../helpers/pending.js';
import { describeThrown, settle, startRunPodRig } from '../helpers/runpod.js';
import { startVastRig } from '../helpers/vast.js';

/**
 * The fault matrix: every operation against every way a server can misbehave. Each outcome is a
 * resolved value (only where a wrong 2xx body can sensibly be ignored) or an AtlasError of a kind
 * that says what happened, naming runpod; never a bare TypeError, never a hang (every case is
 * bounded by the test timeout). Each case gets its own fake, so the cases run concurrently.
 */

/** Generous enough for a loaded CI machine: only the injected delay may exceed it. */
const TIMEOUT_MS = 1_500;
const HTML = '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>';

interface Operation {
  readonly name: string;
  /** Puts the fault where this operation's request lands. */
  readonly inject: (fake: RunPodFake, fault: Fault) => void;
  readonly call: (provider: RunPodProvider, target: Target) => unknown;
  /** Brings the fake into the state the call expects (before the fault is injected). */
  readonly prepare?: (provider: RunPodProvider, target: Target) => Promise<void>;
  /** Returns nothing the caller reads: a 2xx it cannot parse may resolve. */
  readonly ignoresBody?: boolean;
  readonly creates?: boolean;
}

const route =
  (method: string, path: string) =>
  (fake: RunPodFake, fault: Fault): void =>
    fake.faults.injectRoute(method, path, fault);
const op =
  (name: Parameters<RunPodFake['faults']['inject']>[0]) =>
  (fake: RunPodFake, fault: Fault): void =>
    fake.faults.inject(name, fault);

/** A real pod and a real job, so that what surfaces is the fault, not a missing resource. */
interface Target {
  readonly podId: string;
  readonly job: { readonly endpoint: string; readonly id: string };
}

const OPERATIONS: readonly Operation[] = [
  {
    name: 'spawnCompute',
    inject: op('spawnCompute'),
    call: (p) => p.spawnCompute({ gpu: 'h100', image: 'ghcr.io/acme/infer:1', name: 'matrix' }),
    creates: true,
  },
  { name: 'getCompute', inject: op('getCompute'), call: (p, t) => p.getCompute(t.podId) },
  { name: 'listCompute', inject: op('listCompute'), call: (p) => p.listCompute({}) },
  { name: 'stop', inject: op('stop'), call: (p, t) => p.stop(t.podId), ignoresBody: true },
  {
    name: 'start',
    inject: op('start'),
    // A stopped pod: a 409 on start is then a real conflict, not "already running" (which is done).
    prepare: (p, t) => p.stop(t.podId),
    call: (p, t) => p.start(t.podId),
    ignoresBody: true,
  },
  { name: 'terminate', inject: op('terminate'), call: (p, t) => p.terminate(t.podId), ignoresBody: true },
  { name: 'runJob', inject: op('runJob'), call: (p) => p.runJob({ endpoint: 'echo', input: { prompt: 'a b' } }) },
  { name: 'getJob', inject: op('getJob'), call: (p, t) => p.getJob(t.job) },
  {
    name: 'cancelJob',
    inject: route('POST', '/v2/{endpoint}/cancel/{id}'),
    call: (p, t) => p.cancelJob(t.job),
    ignoresBody: true,
  },
  { name: 'streamJob', inject: route('GET', '/v2/{endpoint}/stream/{id}'), call: (p, t) => p.streamJob(t.job) },
  { name: 'listGpuTypes', inject: route('GET', '/v2/catalog/gpus'), call: (p) => p.listGpuTypes() },
  { name: 'logs', inject: route('GET', '/v2/pods/{id}/logs'), call: (p, t) => p.logs(t.podId) },
];

interface FaultCase {
  readonly name: string;
  readonly fault: Fault;
  /** Kinds that say what happened. */
  readonly kinds: readonly ErrorKind[];
  /** A 2xx whose body is wrong: an operation that ignores bodies may resolve. */
  readonly wrongBody?: boolean;
  /** The create may have happened: a spawn must say so (details.possiblyCreated). */
  readonly ambiguous?: boolean;
}

const STATUS_KINDS: Record<number, readonly ErrorKind[]> = {
  400: ['validation'],
  401: ['unauthorized'],
  403: ['forbidden'],
  404: ['not_found'],
  409: ['conflict'],
  429: ['rate_limited'],
  500: ['provider'],
  502: ['provider'],
  503: ['provider', 'rate_limited'],
};

// Persistent faults (times: 20): retries meet the same fault, so what surfaces is the fault's own kind.
const TIMES = 20;
const FAULTS: readonly FaultCase[] = [
  ...Object.entries(STATUS_KINDS).flatMap(([status, kinds]) => [
    {
      name: `HTTP ${status}`,
      fault: { status: Number(status), times: TIMES },
      kinds,
      ambiguous: Number(status) >= 500,
    },
    {
      name: `HTTP ${status} with Retry-After`,
      fault: { status: Number(status), retryAfterSeconds: 1, times: TIMES },
      kinds,
      // 503 + Retry-After says the server did nothing; a plain 500/502 does not.
      ambiguous: Number(status) === 500 || Number(status) === 502,
    },
  ]),
  { name: 'a reset connection', fault: { resetConnection: true, times: TIMES }, kinds: ['transport'], ambiguous: true },
  {
    name: `a delay beyond timeoutMs (${TIMEOUT_MS} ms)`,
    fault: { delayMs: 4 * TIMEOUT_MS, status: 200, times: TIMES },
    kinds: ['timeout'],
    ambiguous: true,
  },
  {
    name: 'malformed JSON with 200',
    fault: { status: 200, body: '{"id": "pod-1", "desiredStatus": ', contentType: 'application/json', times: TIMES },
    kinds: ['contract'],
    wrongBody: true,
  },
  {
    name: 'an HTML page with 200',
    fault: { status: 200, body: HTML, contentType: 'text/html', times: TIMES },
    kinds: ['contract'],
    wrongBody: true,
  },
  {
    name: 'an empty body with 200',
    fault: { status: 200, body: '', contentType: 'application/json', times: TIMES },
    kinds: ['contract'],
    wrongBody: true,
  },
  {
    name: 'a JSON body of the wrong shape with 200',
    fault: { status: 200, body: { unexpected: [1, 2, 3] }, times: TIMES },
    kinds: ['contract'],
    wrongBody: true,
  },
  {
    name: 'an HTML page with 502',
    fault: { status: 502, body: HTML, contentType: 'text/html', times: TIMES },
    kinds: ['provider'],
    ambiguous: true,
  },
  {
    name: 'an empty body with 500',
    fault: { status: 500, body: '', contentType: 'application/json', times: TIMES },
    kinds: ['provider'],
    ambiguous: true,
  },
  {
    name: 'malformed JSON with 400',
    fault: { status: 400, body: '{"title": "Bad Req', contentType: 'application/problem+json', times: TIMES },
    kinds: ['validation'],
  },
];

/**
 * Registers the cases that `select` picks (by key: `<operation>, <fault>` for RunPod,
 * `lambda <operation>, <fault>`, `vast <operation>, <fault>`).
 */
export function registerFaults(select: Select): void {
  registerCloudFaults(select, LAMBDA);
  registerCloudFaults(select, VAST);
  const cases = OPERATIONS.flatMap((operation) =>
    FAULTS.map((fault) => [operation.name, fault.name, operation, fault] as const),
  ).filter(([operation, fault]) => select(`${operation}, ${fault}`));
  if (cases.length === 0) return;
  describe.concurrent('every operation against every fault', () => {
    it.each(cases)('%s, %s: an AtlasError of a sensible kind', async (_o, _f, operation, faultCase) => {
      const rig = await startRunPodRig(
        { endpoints: ['echo'] },
        { timeoutMs: TIMEOUT_MS, retry: { limit: 1, backoffMs: 5, maxDelayMs: 50 } },
      );
      try {
        rig.fake.seedPods(1);
        const job = await rig.provider.runJob({ endpoint: 'echo', input: { prompt: 'a b c' } });
        const target: Target = { podId: rig.fake.pods.list()[0]!.id, job: { endpoint: job.endpoint, id: job.id } };
        await operation.prepare?.(rig.provider, target);
        operation.inject(rig.fake, faultCase.fault);
        const outcome = await settle(() => operation.call(rig.provider, target));
        if (outcome.ok) {
          // Only a body the operation never reads may be wrong without consequence.
          expect(faultCase.wrongBody === true && operation.ignoresBody === true, 'resolved').toBe(true);
          return;
        }
        expect(isAtlasError(outcome.error), describeThrown(outcome.error)).toBe(true);
        const error = outcome.error as AtlasError;
        expect(faultCase.kinds, `${error.kind}: ${error.message}`).toContain(error.kind);
        expect(error.provider).toBe('runpod');
        if (operation.creates && faultCase.ambiguous) {
          expect(error.details?.possiblyCreated, `${error.kind}: ${error.message}`).toBe(true);
        }
      } finally {
        await rig.close();
      }
    });
  });
}

/** One operation of a cloud's matrix, on a machine the case rented first. */
interface CloudOperation<P> {
  readonly name: 'spawnCompute' | 'getCompute' | 'listCompute' | 'stop' | 'start' | 'terminate';
  readonly call: (provider: P, instanceId: string) => unknown;
  /** Brings the machine to where the operation applies (start needs a stopped one). */
  readonly prepare?: (provider: P, instanceId: string) => Promise<unknown>;
  readonly ignoresBody?: boolean;
  readonly creates?: boolean;
}

/** A cloud besides RunPod: its rig, the machine it seeds, its operations, and the kinds it answers. */
interface FaultCloud<P> {
  /** The key prefix (`<key> <operation>, <fault>`). */
  readonly key: string;
  readonly title: string;
  readonly providerId: string;
  /** Rents the machine the operations act on. */
  readonly seed: (provider: P) => Promise<{ readonly id: string }>;
  readonly operations: readonly CloudOperation<P>[];
  start(): Promise<{
    readonly provider: P;
    readonly faults: FaultInjector;
    /** The machine ids the fake holds now. */
    machineIds(): string[];
    close(): Promise<void>;
  }>;
  /** What this cloud answers where it differs from the matrix's kinds. */
  kindsFor?(operation: CloudOperation<P>, faultCase: FaultCase): readonly ErrorKind[] | undefined;
}

const RIG_OPTIONS = { timeoutMs: TIMEOUT_MS, retry: { limit: 1, backoffMs: 5, maxDelayMs: 50 } };

type LambdaProvider = Awaited<ReturnType<typeof startLambdaRig>>['provider'];
type VastProvider = Awaited<ReturnType<typeof startVastRig>>['provider'];

const LAMBDA: FaultCloud<LambdaProvider> = {
  key: 'lambda',
  title: 'Lambda Labs',
  providerId: 'lambda-labs',
  seed: (p) => p.spawnCompute({ gpu: 'h100', image: 'ghcr.io/acme/infer:1', name: 'seed' }),
  operations: [
    {
      name: 'spawnCompute',
      call: (p) => p.spawnCompute({ gpu: 'h100', image: 'ghcr.io/acme/infer:1', name: 'matrix' }),
      creates: true,
    },
    { name: 'getCompute', call: (p, id) => p.getCompute(id) },
    { name: 'listCompute', call: (p) => p.listCompute({}) },
    { name: 'terminate', call: (p, id) => p.terminate(id), ignoresBody: true },
  ],
  async start() {
    const rig = await startLambdaRig(RIG_OPTIONS);
    return {
      provider: rig.provider,
      faults: rig.fake.faults,
      machineIds: () => rig.fake.instances().map((vm) => vm.id),
      close: () => rig.close(),
    };
  },
};

const VAST: FaultCloud<VastProvider> = {
  key: 'vast',
  title: 'Vast.ai',
  providerId: 'vast',
  seed: (p) => p.spawnCompute({ gpu: 'rtx_4090', image: 'ghcr.io/acme/infer:1', name: 'seed' }),
  operations: [
    {
      name: 'spawnCompute',
      call: (p) => p.spawnCompute({ gpu: 'rtx_4090', image: 'ghcr.io/acme/infer:1', name: 'matrix' }),
      creates: true,
    },
    { name: 'getCompute', call: (p, id) => p.getCompute(id) },
    { name: 'listCompute', call: (p) => p.listCompute({}) },
    // Vast answers a state change with `{ success, msg }`, `success` not always there: only an explicit
    // `success: false` means a refusal, so a 200 of another shape is an acknowledgement like any other.
    { name: 'stop', call: (p, id) => p.stop(id), ignoresBody: true },
    { name: 'start', call: (p, id) => p.start(id), prepare: (p, id) => p.stop(id), ignoresBody: true },
    { name: 'terminate', call: (p, id) => p.terminate(id), ignoresBody: true },
  ],
  async start() {
    const rig = await startVastRig(RIG_OPTIONS);
    return {
      provider: rig.provider,
      faults: rig.fake.faults,
      machineIds: () => rig.fake.instances.list().map((instance) => String(instance.id)),
      close: () => rig.close(),
    };
  },
  // A 404 to a rent says the ask is gone (Vast's `no_such_ask`, specs/vast/NOTES.md): the next ask
  // is tried, and when every one answers so, there is no capacity.
  kindsFor: (operation, faultCase) =>
    operation.creates === true && faultCase.fault.status === 404 ? ['capacity'] : undefined,
};

/**
 * The same matrix on another cloud (its own operations). A status fault answers in plain text, as
 * a proxy in front of the API would: the cloud's own error codes decide the kind over the status
 * (its rules), and the fakes' default fault bodies carry an internal-error code.
 */
function registerCloudFaults<P>(select: Select, cloud: FaultCloud<P>): void {
  const cases = cloud.operations
    .flatMap((operation) => FAULTS.map((fault) => [operation.name, fault.name, operation, fault] as const))
    .filter(([operation, fault]) => select(`${cloud.key} ${operation}, ${fault}`));
  if (cases.length === 0) return;
  describe.concurrent(`${cloud.title}: every operation against every fault`, () => {
    it.each(cases)('%s, %s: an AtlasError of a sensible kind', async (_o, _f, operation, faultCase) => {
      const rig = await cloud.start();
      try {
        const machine = await cloud.seed(rig.provider);
        await operation.prepare?.(rig.provider, machine.id);
        const before = rig.machineIds().length;
        const { fault } = faultCase;
        const plain = fault.status !== undefined && fault.body === undefined;
        rig.faults.inject(
          operation.name,
          plain ? { ...fault, body: 'injected fault', contentType: 'text/plain' } : fault,
        );
        const outcome = await settle(() => operation.call(rig.provider, machine.id));
        if (outcome.ok) {
          const adopted =
            operation.creates === true &&
            faultCase.ambiguous === true &&
            rig.machineIds().includes((outcome.value as { id?: string }).id ?? '') &&
            rig.machineIds().length === before + 1;
          // A body the operation never reads, or a create adopted by its marker once it landed.
          expect((faultCase.wrongBody === true && operation.ignoresBody === true) || adopted, 'resolved').toBe(true);
          return;
        }
        expect(isAtlasError(outcome.error), describeThrown(outcome.error)).toBe(true);
        const error = outcome.error as AtlasError;
        const kinds = cloud.kindsFor?.(operation, faultCase) ?? faultCase.kinds;
        expect(kinds, `${error.kind}: ${error.message}`).toContain(error.kind);
        expect(error.provider).toBe(cloud.providerId);
        if (operation.creates && faultCase.ambiguous) {
          expect(error.details?.possiblyCreated, `${error.kind}: ${error.message}`).toBe(true);
        }
      } finally {
        await rig.close();
      }
    });
  });
}
