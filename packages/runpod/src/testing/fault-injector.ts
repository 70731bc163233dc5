import type { FaultInjector as CoreFaultInjector, Fault, FaultOperation } from '@atlas/core/testing';
import { compilePathPattern } from './router.js';

/**
 * The fault injector of the fake: core's `FaultInjector` (the contract the conformance suite
 * drives), with synchronous methods, a required `count`, and `injectRoute` for any route.
 * Operations map to routes: spawnCompute POST /v2/pods; getCompute GET /v2/pods/{id};
 * listCompute GET /v2/pods; stop/start the action route with that action; terminate DELETE
 * /v2/pods/{id} or action terminate; runJob POST run/runsync; getJob GET status.
 */
export interface FaultInjector extends CoreFaultInjector {
  inject(operation: FaultOperation, fault: Fault): void;
  /** Fault any route: `pathPattern` uses `{name}` segments (`/v2/pods/{id}`), `*` matches any method. */
  injectRoute(method: string, pathPattern: string, fault: Fault): void;
  clear(): void;
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
