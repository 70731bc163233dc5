import type { FaultInjector as CoreFaultInjector, Fault, FaultOperation } from '@atlas/core/testing';
import { compilePathPattern } from './path-pattern.js';

/**
 * A fake's fault injector: core's `FaultInjector` (the contract the conformance suite drives),
 * with synchronous methods, a required `count`, and `injectRoute` for routes no operation names.
 * Which route is which operation is the fake's business (its route table says).
 */
export interface FaultInjector extends CoreFaultInjector {
  inject(operation: FaultOperation, fault: Fault): void;
  /**
   * Faults any route: `pathPattern` is the full request path, with `{name}` segments
   * (`/v2/pods/{id}`) and an optional trailing `*` (any rest); method `*` matches any method.
   */
  injectRoute(method: string, pathPattern: string, fault: Fault): void;
  clear(): void;
  count(operation: FaultOperation): number;
}

interface PendingFault {
  readonly matches: (method: string, path: string, operation: FaultOperation | undefined) => boolean;
  readonly fault: Fault;
  remaining: number;
}

/** The server side of FaultInjector: counts each request's operation and hands out the pending faults. */
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

  /**
   * Called once per request that reached the server: counts its operation (faulted requests
   * included) and takes the first pending fault matching it, used up after `times` requests.
   */
  take(method: string, path: string, operation: FaultOperation | undefined): Fault | undefined {
    if (operation !== undefined) this.#counts.set(operation, this.count(operation) + 1);
    const index = this.#pending.findIndex((p) => p.matches(method, path, operation));
    if (index < 0) return undefined;
    const pending = this.#pending[index] as PendingFault;
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.#pending.splice(index, 1);
    return pending.fault;
  }
}
