/**
 * Node, Bun and Deno call this method to print an object (console.log, util.inspect). A getter
 * alone prints as `raw: [Getter]`, which hides the very field people log a Compute to see.
 */
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Adds `raw` to a translated object as an enumerable getter that runs `scrub` on first read and
 * remembers the result. Scrubbing deep-copies the native object, which costs more than the rest
 * of the translation; most results (a listCompute of thousands of pods) are never asked for `raw`.
 * Spread, JSON.stringify, structuredClone and test matchers all read it like a plain field, and
 * the unscrubbed native object stays in the closure, out of reach of inspect and serialization.
 * console.log prints a plain copy with the scrubbed `raw` (the method is non-enumerable, so
 * spreads, JSON, structuredClone and equality checks never see it).
 */
export function lazyRaw<T extends { readonly raw?: unknown }>(target: Omit<T, 'raw'>, scrub: () => unknown): T {
  // Shared by every provider: a Compute from any cloud prints and serializes the same way.
  let raw: unknown;
  let scrubbed = false;
  Object.defineProperty(target, 'raw', {
    enumerable: true,
    configurable: true,
    get: () => {
      if (!scrubbed) {
        raw = scrub();
        scrubbed = true;
      }
      return raw;
    },
  });
  Object.defineProperty(target, INSPECT, {
    enumerable: false,
    configurable: true,
    writable: true,
    value(this: object) {
      return { ...this };
    },
  });
  return target as T;
}
