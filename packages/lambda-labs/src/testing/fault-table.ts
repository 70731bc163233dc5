import type { FaultInjector as CoreFaultInjector, Fault, FaultOperation } from '@atlas/core/testing';

/**
 * The fake's fault injector: core's `FaultInjector` (what the conformance suite drives) with
 * synchronous methods, a required `count`, and `injectRoute` for routes no operation names
 * (`POST /api/v1/firewall-rulesets`). Operations: spawnCompute = POST instance-operations/launch,
 * getCompute = GET instances/{id}, listCompute = GET instances, terminate = POST
 * instance-operations/terminate. Lambda has no stop or start.
 */
export interface FaultInjector extends CoreFaultInjector {
  inject(operation: FaultOperation, fault: Fault): void;
  /** `path` is exact or ends in `*` (a prefix); method `*` matches any. */
  injectRoute(method: string, path: string, fault: Fault): void;
  clear(): void;
  count(operation: FaultOperation): number;
}

interface Pending {
  readonly matches: (method: string, path: string, operation: FaultOperation | undefined) => boolean;
  readonly fault: Fault;
  remaining: number;
}

export class FaultTable implements FaultInjector {
  readonly #pending: Pending[] = [];
  readonly #counts = new Map<FaultOperation, number>();

  inject(operation: FaultOperation, fault: Fault): void {
    this.#pending.push({ matches: (_m, _p, op) => op === operation, fault, remaining: fault.times ?? 1 });
  }

  injectRoute(method: string, path: string, fault: Fault): void {
    const wanted = method.toUpperCase();
    const prefix = path.endsWith('*') ? path.slice(0, -1) : undefined;
    this.#pending.push({
      matches: (m, p) => (wanted === '*' || wanted === m) && (prefix === undefined ? p === path : p.startsWith(prefix)),
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

  /** Counts one request that reached the server and takes the first fault matching it. */
  take(method: string, path: string, operation: FaultOperation | undefined): Fault | undefined {
    if (operation !== undefined) this.#counts.set(operation, this.count(operation) + 1);
    const index = this.#pending.findIndex((p) => p.matches(method, path, operation));
    if (index < 0) return undefined;
    const pending = this.#pending[index] as Pending;
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.#pending.splice(index, 1);
    return pending.fault;
  }
}
