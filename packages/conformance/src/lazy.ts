/**
 * A value computed on first use and shared after. Tests use it instead of beforeAll so that a
 * failing setup call fails the tests that need it, each with the provider's own error.
 */
export function lazy<T>(make: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => {
    promise ??= make();
    return promise;
  };
}
