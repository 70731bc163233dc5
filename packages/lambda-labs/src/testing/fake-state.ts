import { randomBytes } from 'node:crypto';
import { FAKE_IMAGES, FAKE_INSTANCE_TYPES, FAKE_REGIONS, type FakeInstanceType } from './catalog-data.js';

export type FakeInstanceStatus = 'booting' | 'active' | 'unhealthy' | 'terminating' | 'terminated' | 'preempted';

export interface FakeTiming {
  /** booting -> active (default 50 ms). */
  readonly bootMs: number;
  /** terminating -> terminated (default 50 ms). */
  readonly terminateMs: number;
  /** How long GET still answers a terminated instance before 404 (default 60 s; Lambda's is undocumented). */
  readonly terminatedRetentionMs: number;
}

interface StoredInstance {
  readonly id: string;
  readonly name: string | undefined;
  readonly region: string;
  readonly type: FakeInstanceType;
  readonly sshKeyNames: string[];
  readonly fileSystemNames: string[];
  readonly fileSystemMounts: { mount_point: string; file_system_id: string }[];
  readonly tags: { key: string; value: string }[];
  readonly firewallRulesetIds: string[];
  readonly hostname: string | undefined;
  readonly userData: string | undefined;
  readonly launchedAt: number;
  readonly ip: string;
  readonly jupyterToken: string;
  terminatedAt?: number;
  forced?: 'unhealthy' | 'preempted';
}

interface StoredSshKey {
  readonly id: string;
  readonly name: string;
  readonly publicKey: string;
}

interface StoredFileSystem {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly created: string;
}

interface StoredRuleset {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  readonly rules: unknown[];
  readonly created: string;
}

const id = () => randomBytes(16).toString('hex');
const region = (name: string) => ({ name, description: FAKE_REGIONS[name] ?? name });
const USER = { id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', email: 'atlas@example.com', status: 'active' };

/** Everything the fake Lambda account holds. Statuses follow the clock; no timers run. */
export class FakeState {
  readonly instances = new Map<string, StoredInstance>();
  readonly sshKeys = new Map<string, StoredSshKey>();
  readonly fileSystems = new Map<string, StoredFileSystem>();
  readonly rulesets = new Map<string, StoredRuleset>();
  /** Regions that really have capacity, by instance type. */
  readonly capacity = new Map<string, Set<string>>();
  /** What /instance-types reports when it differs (the list is advisory: a launch can still fail). */
  readonly listedCapacity = new Map<string, Set<string>>();
  #nextIp = 1;

  constructor(readonly timing: FakeTiming) {
    this.reset();
  }

  reset(): void {
    this.instances.clear();
    this.sshKeys.clear();
    this.fileSystems.clear();
    this.rulesets.clear();
    this.capacity.clear();
    this.listedCapacity.clear();
    for (const type of FAKE_INSTANCE_TYPES) this.capacity.set(type.name, new Set(type.regions));
    this.#nextIp = 1;
  }

  type(name: string): FakeInstanceType | undefined {
    return FAKE_INSTANCE_TYPES.find((t) => t.name === name);
  }

  status(instance: StoredInstance, now = Date.now()): FakeInstanceStatus {
    if (instance.terminatedAt !== undefined) {
      return now - instance.terminatedAt >= this.timing.terminateMs ? 'terminated' : 'terminating';
    }
    if (instance.forced !== undefined) return instance.forced;
    return now - instance.launchedAt >= this.timing.bootMs ? 'active' : 'booting';
  }

  /** A terminated instance is still answered for a while, then it is gone (404). */
  visible(instance: StoredInstance, now = Date.now()): boolean {
    if (instance.terminatedAt === undefined) return true;
    return now - instance.terminatedAt < this.timing.terminateMs + this.timing.terminatedRetentionMs;
  }

  find(instanceId: string): StoredInstance | undefined {
    const instance = this.instances.get(instanceId);
    return instance !== undefined && this.visible(instance) ? instance : undefined;
  }

  launch(input: {
    name: string | undefined;
    region: string;
    type: FakeInstanceType;
    sshKeyNames: string[];
    fileSystemNames: string[];
    fileSystemMounts: { mount_point: string; file_system_id: string }[];
    tags: { key: string; value: string }[];
    firewallRulesetIds: string[];
    hostname: string | undefined;
    userData: string | undefined;
  }): StoredInstance {
    const n = this.#nextIp++;
    const instance: StoredInstance = {
      ...input,
      id: id(),
      launchedAt: Date.now(),
      ip: `198.51.100.${(n % 250) + 1}`,
      jupyterToken: id(),
    };
    this.instances.set(instance.id, instance);
    return instance;
  }

  /** Live instances holding a ruleset (a terminating VM still holds it, as a shutting-down VM would). */
  rulesetUsers(rulesetId: string): string[] {
    const now = Date.now();
    return [...this.instances.values()]
      .filter((i) => i.firewallRulesetIds.includes(rulesetId) && this.status(i, now) !== 'terminated')
      .map((i) => i.id);
  }

  fileSystemInUse(fileSystemId: string): boolean {
    const now = Date.now();
    const fs = this.fileSystems.get(fileSystemId);
    return [...this.instances.values()].some(
      (i) =>
        this.status(i, now) !== 'terminated' &&
        (i.fileSystemMounts.some((m) => m.file_system_id === fileSystemId) ||
          (fs !== undefined && i.fileSystemNames.includes(fs.name))),
    );
  }

  addSshKey(name: string, publicKey: string): StoredSshKey {
    const key = { id: id(), name, publicKey };
    this.sshKeys.set(key.id, key);
    return key;
  }

  addFileSystem(name: string, regionName: string): StoredFileSystem {
    const fs = { id: id(), name, region: regionName, created: new Date().toISOString() };
    this.fileSystems.set(fs.id, fs);
    return fs;
  }

  addRuleset(name: string, regionName: string, rules: unknown[]): StoredRuleset {
    const ruleset = { id: id(), name, region: regionName, rules, created: new Date().toISOString() };
    this.rulesets.set(ruleset.id, ruleset);
    return ruleset;
  }

  // Views: the bodies Lambda answers (openapi-1.8.3.json).

  instanceView(instance: StoredInstance): Record<string, unknown> {
    const status = this.status(instance);
    const launched = status !== 'booting';
    const blocked = (code: string) => ({ available: false, reason_code: code, reason_description: code });
    const action = (ok: boolean) =>
      ok ? { available: true } : blocked(status === 'terminating' ? 'vm-is-terminating' : 'vm-has-not-launched');
    return {
      id: instance.id,
      ...(instance.name === undefined ? {} : { name: instance.name }),
      ...(launched ? { ip: instance.ip, private_ip: `10.0.0.${instance.ip.split('.').at(-1)}` } : {}),
      status,
      ssh_key_names: instance.sshKeyNames,
      file_system_names: instance.fileSystemNames,
      file_system_mounts: instance.fileSystemMounts,
      region: region(instance.region),
      instance_type: typeView(instance.type),
      ...(launched ? { hostname: instance.ip.replaceAll('.', '-') } : {}),
      jupyter_token: instance.jupyterToken,
      jupyter_url: `https://jupyter-${instance.id}.lambdaspaces.com/?token=${instance.jupyterToken}`,
      actions: {
        migrate: action(false),
        rebuild: action(status === 'active'),
        restart: action(status === 'active'),
        cold_reboot: action(status === 'active'),
        terminate: action(status !== 'terminating' && status !== 'terminated'),
      },
      tags: instance.tags,
      firewall_rulesets: instance.firewallRulesetIds.map((rulesetId) => ({ id: rulesetId })),
    };
  }

  instanceTypesView(): Record<string, unknown> {
    return Object.fromEntries(
      FAKE_INSTANCE_TYPES.map((type) => [
        type.name,
        {
          instance_type: typeView(type),
          regions_with_capacity_available: [
            ...(this.listedCapacity.get(type.name) ?? this.capacity.get(type.name) ?? []),
          ].map(region),
        },
      ]),
    );
  }

  sshKeyView(key: StoredSshKey): Record<string, unknown> {
    return { id: key.id, name: key.name, public_key: key.publicKey };
  }

  fileSystemView(fs: StoredFileSystem): Record<string, unknown> {
    return {
      id: fs.id,
      name: fs.name,
      mount_point: `/lambda/nfs/${fs.name}`,
      created: fs.created,
      created_by: USER,
      is_in_use: this.fileSystemInUse(fs.id),
      region: region(fs.region),
      bytes_used: 0,
    };
  }

  rulesetView(ruleset: StoredRuleset): Record<string, unknown> {
    return {
      id: ruleset.id,
      name: ruleset.name,
      region: region(ruleset.region),
      rules: ruleset.rules,
      created: ruleset.created,
      instance_ids: this.rulesetUsers(ruleset.id),
    };
  }

  imagesView(): Record<string, unknown>[] {
    return Object.keys(FAKE_REGIONS).flatMap((regionName) =>
      FAKE_IMAGES.map((image) => ({
        id: `${image.family}-${regionName}`,
        created_time: '2025-01-01T00:00:00Z',
        updated_time: '2025-06-01T00:00:00Z',
        name: image.name,
        description: `${image.name} with Docker and the NVIDIA container toolkit`,
        family: image.family,
        version: image.version,
        architecture: 'x86_64',
        region: region(regionName),
      })),
    );
  }
}

function typeView(type: FakeInstanceType): Record<string, unknown> {
  return {
    name: type.name,
    description: type.description,
    gpu_description: type.gpuDescription,
    price_cents_per_hour: type.priceCentsPerHour,
    specs: type.specs,
  };
}
