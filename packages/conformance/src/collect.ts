import { expect } from 'vitest';

/** Drains a stream, failing if it has not ended within `limitMs`; returns what it yielded. */
export async function collect<T>(stream: AsyncIterable<T>, limitMs: number, what: string): Promise<T[]> {
  const items: T[] = [];
  const iterator = stream[Symbol.asyncIterator]();
  const deadline = Date.now() + limitMs;
  for (;;) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()));
    });
    const next = await Promise.race([iterator.next(), timeout]).finally(() => clearTimeout(timer));
    if (next === 'timeout') {
      // Not awaited: a generator busy in next() would only run return() after it.
      iterator.return?.().catch(() => undefined);
      return expect.fail(`${what} did not end within ${limitMs} ms (after ${items.length} items)`);
    }
    if (next.done) return items;
    items.push(next.value);
  }
}
