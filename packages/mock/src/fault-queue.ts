import { type AtlasError, type ErrorKind, isAtlasError } from '@atlas/core';
import { mockError } from './errors.js';
import type { MockFailOptions, MockOperation } from './types.js';

interface PendingFault {
  readonly error: AtlasError;
  readonly afterCreate: boolean;
}

/** Errors queued by failNext, consumed one per call of the operation, first in first out. */
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
    const queue = this.#pending.get(operation) ?? [];
    for (let i = 0; i < (options.times ?? 1); i++)
      queue.push({ error: atlasError, afterCreate: options.afterCreate ?? false });
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
