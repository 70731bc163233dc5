import { guardCall } from '../errors/to-atlas-error.js';

/**
 * Re-yields a provider's stream, converting its failures (opening it, and every step) into
 * AtlasErrors naming the provider. When the consumer stops early, the provider's iterator is closed
 * so it can release its connection.
 */
export async function* guardStream<T>(
  provider: string,
  operation: string,
  open: () => AsyncIterable<T>,
): AsyncGenerator<T> {
  const iterator = await guardCall(provider, operation, () => open()[Symbol.asyncIterator]());
  let finished = false;
  try {
    while (true) {
      const step = await guardCall(provider, operation, () => iterator.next());
      if (step.done) {
        finished = true;
        return;
      }
      yield step.value;
    }
  } catch (error) {
    finished = true;
    throw error;
  } finally {
    if (!finished) await guardCall(provider, operation, () => iterator.return?.());
  }
}
