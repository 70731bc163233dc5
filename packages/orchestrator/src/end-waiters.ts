import type { AtlasError } from '@atlas/core';

/** Callers of release() (and close) waiting for a session's end: terminated, vanished or given up. */
export class EndWaiters {
  readonly #waiters = new Map<string, { resolve: () => void; reject: (error: AtlasError) => void }[]>();

  wait(sessionId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const list = this.#waiters.get(sessionId) ?? [];
      list.push({ resolve, reject });
      this.#waiters.set(sessionId, list);
    });
  }

  settle(sessionId: string, error?: AtlasError): void {
    const list = this.#waiters.get(sessionId);
    if (list === undefined) return;
    this.#waiters.delete(sessionId);
    for (const waiter of list) {
      if (error === undefined) waiter.resolve();
      else waiter.reject(error);
    }
  }

  /** Sessions somebody waits for. */
  ids(): string[] {
    return [...this.#waiters.keys()];
  }
}
