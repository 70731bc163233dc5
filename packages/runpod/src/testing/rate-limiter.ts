/**
 * A token bucket: `requestsPerSecond` tokens refill per second, up to a burst of the same size.
 * Used to make the fake answer 429 with Retry-After like the real API does past its quota.
 */
export class TokenBucket {
  readonly #rate: number;
  #tokens: number;
  #updatedAt: number;

  constructor(requestsPerSecond: number) {
    if (!(requestsPerSecond > 0)) throw new RangeError('rateLimit.requestsPerSecond must be > 0');
    this.#rate = requestsPerSecond;
    this.#tokens = requestsPerSecond;
    this.#updatedAt = performance.now();
  }

  /** Takes a token; when none is left, returns how many ms until one is. */
  take(): { ok: true } | { ok: false; retryAfterMs: number } {
    const now = performance.now();
    this.#tokens = Math.min(this.#rate, this.#tokens + ((now - this.#updatedAt) / 1000) * this.#rate);
    this.#updatedAt = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: ((1 - this.#tokens) / this.#rate) * 1000 };
  }

  /** Remaining whole tokens, for the RateLimit header. */
  remaining(): number {
    return Math.floor(this.#tokens);
  }
}
