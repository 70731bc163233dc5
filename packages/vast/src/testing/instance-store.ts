import { randomBytes } from 'node:crypto';
import type { FakeOffer } from './market.js';

/** What the fake keeps per instance; `view()` derives what the API shows at a moment. */
interface FakeInstanceRecord {
  readonly id: number;
  readonly offer: FakeOffer;
  label: string | null;
  readonly image: string;
  readonly env: Record<string, string>;
  readonly onstart: string;
  readonly runtype: string;
  readonly disk: number;
  readonly isBid: boolean;
  readonly bid: number | null;
  intended: 'running' | 'stopped';
  /** When the container was last asked to run (create, start, reboot). */
  runSince: number;
  readonly createdAt: number;
  /** exited/unknown/offline: never runs again. */
  failed: string | null;
  /** A start waits here until the host's GPU is free (`release`). */
  gpuBusy: boolean;
  readonly hostPorts: Map<number, number>;
  readonly jupyterToken: string;
}

export interface StoreTiming {
  /** Time from create (or start) to running; the first half shows null, the second 'loading'. */
  readonly provisioningMs: number;
}

export type FakeInstance = Record<string, unknown> & { id: number };

/**
 * What the fake bills for an instance (`GET /api/v0/charges`), kept after it is destroyed: a bill
 * outlives its instance. Times in epoch ms.
 */
export interface BilledContract {
  readonly id: number;
  label: string | null;
  readonly createdAt: number;
  /** When it was destroyed; null while it exists. */
  endedAt: number | null;
  /** $/h while it is meant to run (its `dph_total`), disk included. */
  readonly pricePerHour: number;
  readonly diskGb: number;
  /** The periods it was meant to run, oldest first; the last one open (`to` null) while it runs. */
  readonly runs: { readonly from: number; to: number | null }[];
}

let nextHostPort = 40_000;

export class InstanceStore {
  readonly #instances = new Map<number, FakeInstanceRecord>();
  readonly #contracts = new Map<number, BilledContract>();
  #nextId = 20_000_000;

  constructor(readonly timing: StoreTiming) {}

  get size(): number {
    return this.#instances.size;
  }

  reset(): void {
    this.#instances.clear();
    this.#contracts.clear();
  }

  /** Every contract billed since the last reset, destroyed ones included, by id. */
  contracts(): readonly BilledContract[] {
    return [...this.#contracts.values()].sort((a, b) => a.id - b.id);
  }

  /** A run starts (create, start) unless one is open. */
  #openRun(id: number, at: number): void {
    const runs = this.#contracts.get(id)?.runs;
    if (runs !== undefined && runs.at(-1)?.to !== null) runs.push({ from: at, to: null });
  }

  /** The open run ends (stop, preempt, destroy). */
  #closeRun(id: number, at: number): void {
    const last = this.#contracts.get(id)?.runs.at(-1);
    if (last !== undefined && last.to === null) last.to = at;
  }

  ids(): number[] {
    return [...this.#instances.keys()].sort((a, b) => a - b);
  }

  has(id: number): boolean {
    return this.#instances.has(id);
  }

  create(offer: FakeOffer, body: Record<string, unknown>): number {
    const id = ++this.#nextId;
    const env = (body.env ?? {}) as Record<string, string>;
    const hostPorts = new Map<number, number>();
    for (const key of Object.keys(env)) {
      const match = /^-p\s+(?:\d+:)?(\d+)(?:\/tcp)?$/.exec(key.trim());
      if (match) hostPorts.set(Number(match[1]), nextHostPort++);
    }
    if (nextHostPort > 65_000) nextHostPort = 40_000;
    const now = Date.now();
    this.#instances.set(id, {
      id,
      offer,
      label: typeof body.label === 'string' ? body.label : null,
      image: typeof body.image === 'string' ? body.image : 'vastai/base-image:@vastai-automatic-tag',
      env,
      onstart: typeof body.onstart === 'string' ? body.onstart : '',
      runtype: typeof body.runtype === 'string' ? body.runtype : 'ssh',
      disk: typeof body.disk === 'number' ? body.disk : 8,
      isBid: typeof body.price === 'number',
      bid: typeof body.price === 'number' ? body.price : null,
      intended: body.target_state === 'stopped' ? 'stopped' : 'running',
      runSince: now,
      createdAt: now,
      failed: null,
      gpuBusy: false,
      hostPorts,
      jupyterToken: randomBytes(16).toString('hex'),
    });
    const bid = typeof body.price === 'number' ? body.price : undefined;
    this.#contracts.set(id, {
      id,
      label: typeof body.label === 'string' ? body.label : null,
      createdAt: now,
      endedAt: null,
      pricePerHour: bid ?? offer.dph_total,
      diskGb: typeof body.disk === 'number' ? body.disk : 8,
      runs: [],
    });
    if (body.target_state !== 'stopped') this.#openRun(id, now);
    return id;
  }

  /** Removes the instance; returns its offer so the market can list the machine again. */
  destroy(id: number): FakeOffer | undefined {
    const record = this.#instances.get(id);
    this.#instances.delete(id);
    const contract = this.#contracts.get(id);
    if (record !== undefined && contract !== undefined) {
      const now = Date.now();
      this.#closeRun(id, now);
      contract.endedAt = now;
    }
    return record?.offer;
  }

  setState(id: number, state: 'running' | 'stopped'): boolean {
    const record = this.#instances.get(id);
    if (!record) return false;
    const now = Date.now();
    if (state === 'running' && record.intended !== 'running') record.runSince = now;
    record.intended = state;
    if (state === 'running') this.#openRun(id, now);
    else this.#closeRun(id, now);
    return true;
  }

  setLabel(id: number, label: string): boolean {
    const record = this.#instances.get(id);
    if (!record) return false;
    record.label = label;
    const contract = this.#contracts.get(id);
    if (contract !== undefined) contract.label = label;
    return true;
  }

  reboot(id: number): boolean {
    const record = this.#instances.get(id);
    if (!record) return false;
    record.runSince = Date.now();
    return true;
  }

  /** The container crashed: `exited`, for good. */
  fail(id: number, status = 'exited'): boolean {
    const record = this.#instances.get(id);
    if (!record) return false;
    record.failed = status;
    return true;
  }

  /** An interruptible instance outbid: stopped by the host. */
  preempt(id: number): boolean {
    const record = this.#instances.get(id);
    if (!record) return false;
    record.intended = 'stopped';
    this.#closeRun(id, Date.now());
    return true;
  }

  /** While busy, a start waits ("scheduling": stopped, intended running). */
  setGpuBusy(id: number, busy: boolean): boolean {
    const record = this.#instances.get(id);
    if (!record) return false;
    if (record.gpuBusy && !busy) record.runSince = Date.now();
    record.gpuBusy = busy;
    return true;
  }

  env(id: number): Record<string, string> | undefined {
    const record = this.#instances.get(id);
    return record === undefined ? undefined : { ...record.env };
  }

  actualStatus(id: number): string | null | undefined {
    const record = this.#instances.get(id);
    return record === undefined ? undefined : this.#actual(record);
  }

  #actual(record: FakeInstanceRecord): string | null {
    if (record.failed !== null) return record.failed;
    if (record.intended === 'stopped' || record.gpuBusy) return 'stopped';
    const elapsed = Date.now() - record.runSince;
    if (elapsed < this.timing.provisioningMs / 2) return null;
    if (elapsed < this.timing.provisioningMs) return 'loading';
    return 'running';
  }

  /** The instance as `GET /api/v0/instances/{id}/` and the v1 list show it. */
  view(id: number): FakeInstance | undefined {
    const r = this.#instances.get(id);
    if (!r) return undefined;
    const actual = this.#actual(r);
    const running = actual === 'running';
    const ports = running
      ? Object.fromEntries(
          [...r.hostPorts].map(([port, host]) => [`${port}/tcp`, [{ HostIp: '0.0.0.0', HostPort: String(host) }]]),
        )
      : null;
    const hostPorts = [...r.hostPorts.values()];
    const o = r.offer;
    return {
      id: r.id,
      actual_status: actual,
      intended_status: r.intended,
      cur_state: r.intended,
      next_state: r.intended,
      label: r.label,
      image_uuid: r.image,
      image_runtype: r.runtype,
      extra_env: Object.entries(r.env).map(([k, v]) => [k, v]),
      onstart: r.onstart,
      jupyter_token: r.jupyterToken,
      status_msg: actual === null ? null : `${actual}`,
      public_ipaddr: o.public_ipaddr,
      local_ipaddrs: '10.0.0.5 172.17.0.2',
      ssh_host: `ssh${(r.id % 9) + 1}.vast.ai`,
      ssh_idx: String((r.id % 9) + 1),
      ssh_port: 10_000 + (r.id % 50_000),
      machine_id: o.machine_id,
      host_id: o.host_id,
      gpu_name: o.gpu_name,
      gpu_ram: o.gpu_ram,
      gpu_totalram: o.gpu_ram * o.num_gpus,
      num_gpus: o.num_gpus,
      dph_total: r.isBid ? (r.bid ?? o.min_bid) : o.dph_total,
      dph_base: o.dph_total,
      min_bid: o.min_bid,
      is_bid: r.isBid,
      start_date: r.createdAt / 1000,
      end_date: r.createdAt / 1000 + 30 * 86_400,
      disk_space: r.disk,
      geolocation: o.geolocation,
      verification: o.verification,
      direct_port_count: o.direct_port_count,
      direct_port_start: hostPorts.length > 0 ? Math.min(...hostPorts) : 0,
      direct_port_end: hostPorts.length > 0 ? Math.max(...hostPorts) : 0,
      ports,
    };
  }
}
