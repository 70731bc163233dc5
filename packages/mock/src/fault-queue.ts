import { type AtlasError, type ErrorKind, isAtlasError } from '@atlas/core';
import { mockError } from './errors.js';
import type { MockFailOptions, MockOperation } from './types.js';

interface PendingFault {
  /** Undefined for a delay alone: the call is then served normally. */
  readonly error: AtlasError | undefined;
  readonly afterCreate: boolean;
  /** How long the call stalls first (it honours ctx.signal and ctx.timeoutMs meanwhile). */
  readonly delayMs: number | undefined;
}

/** Errors and delays queued by failNext and delayNext, consumed one per call of the operation, first in first out. */
export class FaultQueue {
  readonly #provider: string;
  readonly #pending = new Map<MockOperation, PendingFault[]>();

  constructor(provider: string) {
    this.#provider = provider;
  }

  add(operation: MockOperation, error: ErrorKind | AtlasError, options: MockFailOptions = {}): void {
    const atlasError = isAtlasError(error)
      ? error
      : mockError(this.#provider, error, `injected ${error} failure on ${operation} (failNext)`);
    this.#push(
      operation,
      { error: atlasError, afterCreate: options.afterCreate ?? false, delayMs: undefined },
      options.times,
    );
  }

  addDelay(operation: MockOperation, delayMs: number, times: number | undefined): void {
    this.#push(operation, { error: undefined, afterCreate: false, delayMs }, times);
  }

  #push(operation: MockOperation, fault: PendingFault, times = 1): void {
    const queue = this.#pending.get(operation) ?? [];
    for (let i = 0; i < times; i++) queue.push(fault);
    this.#pending.set(operation, queue);
  }

  /** The next fault for this call of the operation, removed from the queue. */
  take(operation: MockOperation): PendingFault | undefined {
    return this.#pending.get(operation)?.shift();
  }

  clear(): void {
    this.#pending.clear();
  }
}
