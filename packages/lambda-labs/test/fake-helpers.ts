import nock from 'nock';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createLambdaLabs, type LambdaLabsSettings } from '../src/index.js';
import { type LambdaFake, type LambdaFakeOptions, startLambdaFake } from '../src/testing/index.js';

// Other files in this worker may have turned the network off for nock; the fake is on loopback.
nock.enableNetConnect('127.0.0.1');

/** Starts one fake for the enclosing describe, resets it before each test and closes it after all. */
export function useFake(options: LambdaFakeOptions = {}): { fake: LambdaFake } {
  const t = {} as { fake: LambdaFake };
  beforeAll(async () => {
    t.fake = await startLambdaFake(options);
  });
  beforeEach(() => t.fake.reset());
  afterAll(() => t.fake.close());
  return t;
}

export function providerFor(fake: LambdaFake, settings: LambdaLabsSettings = {}) {
  return createLambdaLabs({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    launchIntervalMs: 0,
    retry: { limit: 2, backoffMs: 5, maxDelayMs: 20 },
    ...settings,
  });
}

/** Polls until `check` passes (no timing assertion: only a ceiling so a broken fake fails). */
export async function eventually<T>(
  read: () => T | Promise<T>,
  check: (value: T) => boolean,
  ceilingMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + ceilingMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
