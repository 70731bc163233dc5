import { compilePathPattern } from './router.js';

/**
 * The fault injector of the fake. Its shape copies `FaultInjector` from @atlas/conformance (a
 * devDependency only, so it is restated here rather than imported).
 */

/** The provider operations a fault can target; each maps to one or more routes of the fake. */
export type FaultOperation = 'spawnCompute' | 'getCompute' | 'listCompute' | 'stop' | 'start' | 'terminate' | 'runJob' | 'getJob';

export interface Fault {
  /** HTTP status to answer with (default 500, or 429 when only `retryAfterSeconds` is given). */
  status?: number;
  /** Response body: a string is sent verbatim (malformed JSON is the point of some faults), anything else as JSON. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** Sent as the `Retry-After` header. */
  retryAfterSeconds?: number;
  /** Drop the socket instead of answering. */
  resetConnection?: boolean;
  /** Wait this long before answering (or dropping). With nothing else set, the request is then served normally. */
  delayMs?: number;
  /** How many requests get the fault before the server behaves again (default 1). */
  times?: number;
  /** For spawnCompute: the pod is created, then the server fails (500 or reset). */
  afterCreate?: boolean;
}

export interface FaultInjector {
  inject(operation: FaultOperation, fault: Fault): void;
  /** Fault any route: `pathPattern` uses `{name}` segments (`/v2/pods/{id}`), `*` matches any method. */
  injectRoute(method: string, pathPattern: string, fault: Fault): void;
  /** Removes every pending fault and zeroes the counters. */
  clear(): void;
  /** How many requests reached the server for the operation since the last clear (faulted ones included). */
  count(operation: FaultOperation): number;
}

interface PendingFault {
  readonly matches: (method: string, path: string, operation: FaultOperation | undefined) => boolean;
  readonly fault: Fault;
  remaining: number;
}

/** The server side of FaultInjector: takes the fault for a request (if any) and counts operations. */
export class FaultTable implements FaultInjector {
  readonly #pending: PendingFault[] = [];
  readonly #counts = new Map<FaultOperation, number>();

  inject(operation: FaultOperation, fault: Fault): void {
    this.#pending.push({ matches: (_m, _p, op) => op === operation, fault, remaining: fault.times ?? 1 });
  }

  injectRoute(method: string, pathPattern: string, fault: Fault): void {
    const wanted = method.toUpperCase();
    const { regex } = compilePathPattern(pathPattern);
    this.#pending.push({
      matches: (m, p) => (wanted === '*' || wanted === m) && regex.test(p),
      fault,
      remaining: fault.times ?? 1,
    });
  }

  clear(): void {
    this.#pending.length = 0;
    this.#counts.clear();
  }

  count(operation: FaultOperation): number {
    return this.#counts.get(operation) ?? 0;
  }

  /** Called once per request that reached the server. */
  record(operation: FaultOperation | undefined): void {
    if (operation !== undefined) this.#counts.set(operation, this.count(operation) + 1);
  }

  /** The first pending fault matching this request, consumed by one use. */
  take(method: string, path: string, operation: FaultOperation | undefined): Fault | undefined {
    if (this.#pending.length === 0) return undefined;
    const index = this.#pending.findIndex((p) => p.matches(method, path, operation));
    if (index < 0) return undefined;
    const pending = this.#pending[index]!;
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.#pending.splice(index, 1);
    return pending.fault;
  }
}
