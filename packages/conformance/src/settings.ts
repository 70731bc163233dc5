import type { CallContext } from '@atlas/core';
import type { ConformanceTimeouts } from './options.js';

export interface Timeouts {
  readonly testMs: number;
  readonly readyMs: number;
  readonly pollMs: number;
}

export function resolveTimeouts(timeouts: ConformanceTimeouts = {}): Timeouts {
  return { testMs: timeouts.testMs ?? 30_000, readyMs: timeouts.readyMs ?? 20_000, pollMs: timeouts.pollMs ?? 50 };
}

/**
 * Every call goes through a fetch wrapper that counts requests, so the suite can prove that a bad
 * request was refused before anything left the process (HTTP providers honour ctx.fetch).
 */
export class CountingContext {
  readonly #base: CallContext | (() => CallContext) | undefined;
  requests = 0;
  /** Every URL requested through ctx.fetch, so that the suite can look for secrets in them. */
  readonly urls: string[] = [];

  constructor(base: CallContext | (() => CallContext) | undefined) {
    this.#base = base;
  }

  get(): CallContext {
    const base = typeof this.#base === 'function' ? this.#base() : (this.#base ?? {});
    const inner = base.fetch ?? ((input, init) => globalThis.fetch(input, init));
    const fetch: typeof globalThis.fetch = (input, init) => {
      this.requests++;
      this.urls.push(input instanceof Request ? input.url : String(input));
      return inner(input, init);
    };
    return { ...base, fetch };
  }
}

/** A label unique to this run, so computes from concurrent or earlier runs never match a filter. */
export function uniqueName(label: string): string {
  return `atlas-conformance-${label}-${globalThis.crypto.randomUUID().slice(0, 8)}`;
}
