import { randomBytes } from 'node:crypto';
import { type FaultInjector, FaultTable, Router } from '@atlas/fake-kit';
import { FAKE_REGIONS } from './catalog-data.js';
import { envOf, imageOf } from './cloud-init.js';
import { API_PREFIX, type Gate, listen } from './fake-server.js';
import { type FakeInstanceStatus, FakeState } from './fake-state.js';
import { ROUTES } from './routes.js';

export interface LambdaFakeOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** The key the fake accepts (default: a random one, on `fake.apiKey`). */
  readonly apiKey?: string;
  /** Added to every answer (default 0). */
  readonly latencyMs?: number;
  /** booting -> active (default 50 ms). */
  readonly bootMs?: number;
  /** terminating -> terminated (default 50 ms). */
  readonly terminateMs?: number;
  /** How long GET still answers a terminated instance before 404 (default 60 s). */
  readonly terminatedRetentionMs?: number;
  /** Launches per second per account before 429 (default: no limit). Lambda's real limit is lower. */
  readonly launchesPerSecond?: number;
}

/** What a fake instance looks like from inside the VM (what cloud-init was told to run). */
export interface FakeInstanceView {
  readonly id: string;
  readonly name: string | undefined;
  readonly status: FakeInstanceStatus;
  readonly region: string;
  readonly instanceType: string;
  readonly image: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly tags: readonly { key: string; value: string }[];
  readonly firewallRulesetIds: readonly string[];
  readonly sshKeyNames: readonly string[];
}

export interface LambdaFake {
  /** The base URL to hand the provider: `http://127.0.0.1:<port>/api/v1/`. */
  readonly url: string;
  readonly apiKey: string;
  /**
   * Faults by operation (spawnCompute = POST instance-operations/launch, getCompute = GET
   * instances/{id}, listCompute = GET instances, terminate = POST instance-operations/terminate;
   * Lambda has no stop or start) or by full path (`injectRoute('POST', '/api/v1/firewall-rulesets', ...)`).
   */
  readonly faults: FaultInjector;
  /**
   * Sets the regions that have capacity for an instance type. `listed` makes /instance-types
   * report other regions than those that really have it (Lambda's list is advisory).
   */
  setCapacity(instanceType: string, regions: readonly string[], options?: { listed?: readonly string[] }): void;
  /** Every instance the account ever launched (terminated ones included), as the VM sees it. */
  instances(): FakeInstanceView[];
  instance(id: string): FakeInstanceView | undefined;
  /** The env the VM's container got (from the cloud-init script), or undefined for an unknown id. */
  readEnv(id: string): Readonly<Record<string, string>> | undefined;
  /** Firewall rulesets on the account, with the instances using them. */
  firewallRulesets(): { id: string; name: string; region: string; instanceIds: string[] }[];
  sshKeyNames(): string[];
  /** The conformance suite's hooks (`hooks` option of describeProviderConformance). */
  readonly hooks: {
    /** The VM turns `unhealthy` (a crash). */
    failCompute(id: string): void;
    /** Lambda reclaims the VM: `preempted`. */
    preemptCompute(id: string): void;
    secrets(): readonly string[];
    /** A filesystem in a region with capacity for the conformance GPU. */
    createNetworkVolume(): string;
  };
  /** Back to an empty account with the default capacity; faults cleared. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts a stateful fake of the Lambda Cloud API on 127.0.0.1. */
export async function startLambdaFake(options: LambdaFakeOptions = {}): Promise<LambdaFake> {
  const apiKey = options.apiKey ?? `secret_atlas-fake_${randomBytes(16).toString('hex')}`;
  const state = new FakeState({
    bootMs: options.bootMs ?? 50,
    terminateMs: options.terminateMs ?? 50,
    terminatedRetentionMs: options.terminatedRetentionMs ?? 60_000,
  });
  const faults = new FaultTable();
  const gate: Gate = {
    state,
    router: new Router(ROUTES, API_PREFIX),
    apiKey,
    latencyMs: options.latencyMs ?? 0,
    faults,
    launchIntervalMs: options.launchesPerSecond === undefined ? 0 : 1000 / options.launchesPerSecond,
    lastLaunchAt: 0,
  };
  const server = await listen(gate, options.port ?? 0);
  const url = `${server.origin}${API_PREFIX}/`;

  const view = (id: string): FakeInstanceView | undefined => {
    const stored = state.instances.get(id);
    if (stored === undefined) return undefined;
    return {
      id: stored.id,
      name: stored.name,
      status: state.status(stored),
      region: stored.region,
      instanceType: stored.type.name,
      image: imageOf(stored.userData),
      env: envOf(stored.userData),
      tags: stored.tags,
      firewallRulesetIds: stored.firewallRulesetIds,
      sshKeyNames: stored.sshKeyNames,
    };
  };
  const force = (id: string, status: 'unhealthy' | 'preempted') => {
    const stored = state.instances.get(id);
    if (stored === undefined) throw new Error(`no fake instance ${id}`);
    stored.forced = status;
  };

  return {
    url,
    apiKey,
    faults,
    setCapacity: (instanceType, regions, capacityOptions) => {
      const listed = capacityOptions?.listed;
      for (const region of [...regions, ...(listed ?? [])]) {
        if (!Object.hasOwn(FAKE_REGIONS, region)) throw new Error(`unknown region ${region}`);
      }
      state.capacity.set(instanceType, new Set(regions));
      if (listed === undefined) state.listedCapacity.delete(instanceType);
      else state.listedCapacity.set(instanceType, new Set(listed));
    },
    instances: () => [...state.instances.keys()].flatMap((id) => view(id) ?? []),
    instance: view,
    readEnv: (id) => view(id)?.env,
    firewallRulesets: () =>
      [...state.rulesets.values()].map((r) => ({
        id: r.id,
        name: r.name,
        region: r.region,
        instanceIds: state.rulesetUsers(r.id),
      })),
    sshKeyNames: () => [...state.sshKeys.values()].map((k) => k.name),
    hooks: {
      failCompute: (id) => force(id, 'unhealthy'),
      preemptCompute: (id) => force(id, 'preempted'),
      secrets: () => [apiKey],
      createNetworkVolume: () =>
        state.addFileSystem(`atlas-conformance-${randomBytes(4).toString('hex')}`, 'us-south-2').id,
    },
    reset: () => {
      state.reset();
      faults.clear();
      gate.lastLaunchAt = 0;
    },
    close: () => server.close(),
  };
}
