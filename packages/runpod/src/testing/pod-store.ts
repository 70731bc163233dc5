import { resourceId } from './ids.js';
import type { FakePod, FakePodSshEndpoint } from './views.js';

export type PodStatus = 'PROVISIONING' | 'STARTING' | 'RUNNING' | 'EXITED' | 'ERROR' | 'TERMINATED';
export type PodAction = 'start' | 'stop' | 'restart' | 'terminate';

/** The lifecycle timings of the fake, in ms. */
interface PodTimings {
  readonly provisioningMs: number;
  readonly startingMs: number;
}

export interface LogEntry {
  readonly ts: number;
  readonly seq: number;
  readonly source: 'container' | 'system';
  readonly line: string;
}

/** What POST /v2/pods placed; the store fills in the lifecycle. */
export interface NewPod {
  readonly name: string;
  readonly image: string;
  readonly args: string;
  readonly disk: number;
  readonly ports: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly registry: string | null;
  readonly mounts: Record<string, unknown>;
  readonly gpu?: { readonly id: string; readonly count: number };
  readonly cpu?: { readonly id: string; readonly vcpuCount: number; readonly memory: number };
  readonly cloud: 'SECURE' | 'COMMUNITY';
  readonly dataCenterId: string;
  readonly template: string | null;
  readonly cost: number;
  readonly locked: boolean;
  readonly globalNetworking: boolean;
}

interface PodRecord extends NewPod {
  readonly id: string;
  readonly createdAt: number;
  readonly publicIp: string;
  /** Public port per private tcp port, fixed at creation like a real host mapping. */
  readonly tcpPorts: ReadonlyMap<number, number>;
  phase: 'booting' | 'exited' | 'error';
  /** When the current boot began; a first boot includes provisioning, a start or restart does not. */
  bootAt: number;
  bootProvisions: boolean;
  /** When the pod last reached RUNNING before it stopped (startedAt stays readable while EXITED). */
  lastStartedAt: number | null;
  readonly logs: LogEntry[];
}

/** The actions the spec allows in each status (podAction's description). */
const ACTIONS: Readonly<Record<PodStatus, readonly PodAction[]>> = {
  PROVISIONING: ['stop', 'terminate'],
  STARTING: ['stop', 'terminate'],
  RUNNING: ['stop', 'restart', 'terminate'],
  EXITED: ['start', 'terminate'],
  ERROR: ['start', 'terminate'],
  TERMINATED: [],
};

/** Public ports for the tcp ports, keeping the ones a pod already has. */
function mapTcpPorts(ports: readonly string[], current: ReadonlyMap<number, number>): Map<number, number> {
  const mapped = new Map<number, number>();
  for (const port of ports) {
    const [num, type] = port.split('/');
    const privatePort = Number(num);
    if (type === 'tcp')
      mapped.set(privatePort, current.get(privatePort) ?? 10_000 + Math.floor(Math.random() * 50_000));
  }
  return mapped;
}

/**
 * What a pod bills: its price per hour from its creation until it is deleted or terminated. The
 * fake bills stopped time too (a real stopped pod bills only its disk), which is what Atlas's
 * spend estimate counts: from create until terminate.
 */
export interface BilledSpan {
  readonly podId: string;
  /** Whose amount it is in `GET /v2/billing/pods`: `gpuAmount` or `cpuAmount`. */
  readonly compute: 'gpu' | 'cpu';
  readonly costPerHr: number;
  readonly from: number;
  /** When the pod was deleted; undefined while it exists. */
  to: number | undefined;
}

/** The fields PATCH /v2/pods/{id} may change (UpdatePodRequest). */
export type PodChanges = Partial<
  Pick<
    NewPod,
    | 'name'
    | 'image'
    | 'args'
    | 'disk'
    | 'ports'
    | 'env'
    | 'registry'
    | 'mounts'
    | 'locked'
    | 'globalNetworking'
    | 'template'
  >
>;

let logSeq = 0;
let ipCounter = 0;

/** In-memory pods whose status is derived from timestamps, so no timers run (10 000 pods cost nothing). */
export class PodStore {
  readonly #pods = new Map<string, PodRecord>();
  /** Every pod ever created since clear(), deleted ones included: the bill outlives the pod. */
  readonly #spans = new Map<string, BilledSpan>();
  #timings: PodTimings;

  constructor(timings: PodTimings) {
    this.#timings = timings;
  }

  clear(): void {
    this.#pods.clear();
    this.#spans.clear();
  }

  /** What each pod created since clear() bills, in creation order. */
  billedSpans(): readonly BilledSpan[] {
    return [...this.#spans.values()];
  }

  get size(): number {
    return this.#pods.size;
  }

  create(spec: NewPod, now = Date.now()): string {
    const id = resourceId();
    ipCounter = (ipCounter % 250) + 1;
    const tcpPorts = mapTcpPorts(spec.ports, new Map());
    const record: PodRecord = {
      ...spec,
      id,
      createdAt: now,
      // TEST-NET-3 (RFC 5737): an address that can never be a real host.
      publicIp: `203.0.113.${ipCounter}`,
      tcpPorts,
      phase: 'booting',
      bootAt: now,
      bootProvisions: true,
      lastStartedAt: null,
      logs: [],
    };
    this.#pods.set(id, record);
    this.#spans.set(id, {
      podId: id,
      compute: spec.gpu ? 'gpu' : 'cpu',
      costPerHr: spec.cost,
      from: now,
      to: undefined,
    });
    this.#logBoot(record, now);
    return id;
  }

  /** Bulk pods already RUNNING, for benchmarks (listing 10 000 pods). */
  seed(count: number, make: (index: number) => NewPod): string[] {
    const past = Date.now() - this.#timings.provisioningMs - this.#timings.startingMs - 1;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(this.create(make(i), past));
    return ids;
  }

  status(id: string, now = Date.now()): PodStatus | undefined {
    const pod = this.#pods.get(id);
    return pod && this.#status(pod, now);
  }

  env(id: string): Record<string, string> | undefined {
    const pod = this.#pods.get(id);
    return pod && { ...pod.env };
  }

  /** Puts a pod in ERROR, as a crashed container would. */
  fail(id: string, now = Date.now()): boolean {
    const pod = this.#pods.get(id);
    if (!pod) return false;
    this.#settle(pod, now);
    pod.phase = 'error';
    this.#dropFutureLogs(pod, now);
    this.#log(pod, now, 'system', 'Container exited with an error');
    return true;
  }

  appendLog(id: string, line: string, source: LogEntry['source'] = 'container'): boolean {
    const pod = this.#pods.get(id);
    if (!pod) return false;
    this.#log(pod, Date.now(), source, line);
    return true;
  }

  logs(id: string, now = Date.now()): LogEntry[] | undefined {
    return this.#pods.get(id)?.logs.filter((entry) => entry.ts <= now);
  }

  update(id: string, changes: PodChanges): boolean {
    const pod = this.#pods.get(id);
    if (!pod) return false;
    this.#pods.set(id, {
      ...pod,
      ...changes,
      tcpPorts: changes.ports ? mapTcpPorts(changes.ports, pod.tcpPorts) : pod.tcpPorts,
    });
    return true;
  }

  delete(id: string, now = Date.now()): boolean {
    if (!this.#pods.delete(id)) return false;
    this.#endBilling(id, now);
    return true;
  }

  #endBilling(id: string, now: number): void {
    const span = this.#spans.get(id);
    if (span) span.to = now;
  }

  /** Applies an action; `conflict` when the pod's status does not allow it. */
  act(id: string, action: PodAction, now = Date.now()): 'ok' | 'not_found' | 'conflict' {
    const pod = this.#pods.get(id);
    if (!pod) return 'not_found';
    const status = this.#status(pod, now);
    if (!ACTIONS[status].includes(action)) return 'conflict';
    this.#settle(pod, now);
    this.#dropFutureLogs(pod, now);
    if (action === 'terminate') {
      this.#pods.delete(id);
      this.#endBilling(id, now);
    } else if (action === 'stop') {
      pod.phase = 'exited';
      this.#log(pod, now, 'system', 'Stopping container');
    } else {
      pod.phase = 'booting';
      pod.bootAt = now;
      pod.bootProvisions = false;
      this.#log(pod, now, 'system', action === 'restart' ? 'Restarting container' : 'Starting pod');
      this.#logBoot(pod, now);
    }
    return 'ok';
  }

  /** The pod as GET /v2/pods/{id} returns it (schema `Pod`). */
  view(id: string, now = Date.now()): FakePod | undefined {
    const pod = this.#pods.get(id);
    return pod && this.#view(pod, now);
  }

  viewAll(now = Date.now()): FakePod[] {
    const out: FakePod[] = [];
    for (const pod of this.#pods.values()) out.push(this.#view(pod, now));
    return out;
  }

  #runningSince(pod: PodRecord): number {
    return pod.bootAt + (pod.bootProvisions ? this.#timings.provisioningMs : 0) + this.#timings.startingMs;
  }

  #status(pod: PodRecord, now: number): PodStatus {
    if (pod.phase === 'exited') return 'EXITED';
    if (pod.phase === 'error') return 'ERROR';
    const elapsed = now - pod.bootAt;
    if (pod.bootProvisions && elapsed < this.#timings.provisioningMs) return 'PROVISIONING';
    return now < this.#runningSince(pod) ? 'STARTING' : 'RUNNING';
  }

  /** Before leaving a boot, remember whether it had reached RUNNING. */
  #settle(pod: PodRecord, now: number): void {
    if (pod.phase === 'booting' && this.#status(pod, now) === 'RUNNING') pod.lastStartedAt = this.#runningSince(pod);
  }

  #logBoot(pod: PodRecord, at: number): void {
    const provisionEnd = at + (pod.bootProvisions ? this.#timings.provisioningMs : 0);
    if (pod.bootProvisions) this.#log(pod, at, 'system', `Pulling image ${pod.image}`);
    this.#log(pod, provisionEnd, 'system', 'Starting container');
    this.#log(pod, provisionEnd + this.#timings.startingMs, 'container', 'Container started');
  }

  #log(pod: PodRecord, ts: number, source: LogEntry['source'], line: string): void {
    logSeq += 1;
    pod.logs.push({ ts, seq: logSeq, source, line });
  }

  #dropFutureLogs(pod: PodRecord, now: number): void {
    for (let i = pod.logs.length - 1; i >= 0; i--) if (pod.logs[i]!.ts > now) pod.logs.splice(i, 1);
  }

  #view(pod: PodRecord, now: number): FakePod {
    const status = this.#status(pod, now);
    const running = status === 'RUNNING';
    const startedAt = running ? this.#runningSince(pod) : pod.phase === 'booting' ? null : pod.lastStartedAt;
    const view: FakePod = {
      id: pod.id,
      name: pod.name,
      image: pod.image,
      args: pod.args,
      disk: pod.disk,
      ports: [...pod.ports],
      env: { ...pod.env },
      registry: pod.registry,
      status,
      actions: [...ACTIONS[status]],
      mounts: pod.mounts,
      cloud: pod.cloud,
      dataCenterId: pod.dataCenterId,
      cudaVersion: pod.gpu ? '12.8' : null,
      ssh: running ? this.#ssh(pod) : { proxy: null, direct: null },
      template: pod.template,
      cost: pod.cost,
      locked: pod.locked,
      globalNetworking: { enabled: pod.globalNetworking },
      runtime: running ? this.#runtime(pod, now) : null,
      createdAt: new Date(pod.createdAt).toISOString(),
      startedAt: startedAt === null ? null : new Date(startedAt).toISOString(),
    };
    if (pod.gpu) view.gpu = { ...pod.gpu };
    if (pod.cpu) view.cpu = { ...pod.cpu };
    return view;
  }

  #runtime(pod: PodRecord, now: number): NonNullable<FakePod['runtime']> {
    return {
      uptime: Math.floor((now - this.#runningSince(pod)) / 1000),
      gpus: pod.gpu ? Array.from({ length: pod.gpu.count }, () => ({ util: 0, memoryUtil: 0 })) : [],
      cpu: { util: 1 },
      memory: { util: 3 },
      ports: pod.ports.map((port) => {
        const [num, type = 'http'] = port.split('/');
        const privatePort = Number(num);
        const publicPort = pod.tcpPorts.get(privatePort);
        // http ports are reached through the RunPod proxy, so they carry no public mapping.
        return publicPort === undefined
          ? { private: privatePort, public: null, type, ip: null }
          : { private: privatePort, public: publicPort, type, ip: pod.publicIp };
      }),
    };
  }

  #ssh(pod: PodRecord): FakePod['ssh'] {
    const user = `${pod.id}-64411eb2`;
    const proxy: FakePodSshEndpoint = {
      host: 'ssh.runpod.io',
      port: 22,
      username: user,
      command: `ssh ${user}@ssh.runpod.io`,
    };
    const directPort = pod.tcpPorts.get(22);
    const direct =
      directPort === undefined
        ? null
        : {
            host: pod.publicIp,
            port: directPort,
            username: 'root',
            command: `ssh root@${pod.publicIp} -p ${directPort}`,
          };
    return { proxy, direct };
  }
}
