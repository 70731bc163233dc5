import type { FaultInjector as CoreFaultInjector, Fault, FaultOperation } from '@atlas/core/testing';

/**
 * The fake's fault injector: core's `FaultInjector` (what the conformance suite drives) with
 * synchronous methods and a required `count`. Operations map to Vast routes: spawnCompute
 * PUT /api/v0/asks/{id}/; getCompute GET /api/v0/instances/{id}/; listCompute GET
 * /api/v1/instances/; stop/start PUT /api/v0/instances/{id}/ with that state; terminate DELETE
 * /api/v0/instances/{id}/.
 */
export interface FaultInjector extends CoreFaultInjector {
  inject(operation: FaultOperation, fault: Fault): void;
  clear(): void;
  count(operation: FaultOperation): number;
}

interface PendingFault {
  readonly operation: FaultOperation;
  readonly fault: Fault;
  remaining: number;
}

export class FaultTable implements FaultInjector {
  readonly #pending: PendingFault[] = [];
  readonly #counts = new Map<FaultOperation, number>();

  inject(operation: FaultOperation, fault: Fault): void {
    this.#pending.push({ operation, fault, remaining: fault.times ?? 1 });
  }

  clear(): void {
    this.#pending.length = 0;
    this.#counts.clear();
  }

  count(operation: FaultOperation): number {
    return this.#counts.get(operation) ?? 0;
  }

  /** Counts the request and takes the first pending fault for its operation, if any. */
  take(operation: FaultOperation | undefined): Fault | undefined {
    if (operation === undefined) return undefined;
    this.#counts.set(operation, this.count(operation) + 1);
    const index = this.#pending.findIndex((p) => p.operation === operation);
    if (index < 0) return undefined;
    const pending = this.#pending[index]!;
    pending.remaining -= 1;
    if (pending.remaining <= 0) this.#pending.splice(index, 1);
    return pending.fault;
  }
}
