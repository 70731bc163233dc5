import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type RunPodFake, type RunPodFakeOptions, startRunPodFake } from '../../src/testing/index.js';

/** A tiny client for tests that talk to the fake directly (no provider in between). */
export interface FakeCall {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export function fakeClient(fake: RunPodFake, base: 'rest' | 'runtime' = 'rest') {
  const root = base === 'rest' ? fake.url : fake.runtimeUrl;
  return async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<FakeCall> => {
    const res = await fetch(`${root}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${fake.apiKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // SSE and plain-text bodies stay text.
    }
    return { status: res.status, headers: res.headers, body: parsed, text };
  };
}

export type FakeClient = ReturnType<typeof fakeClient>;

/** Starts one fake for the enclosing describe, resets it before each test and closes it after all. */
export function useFake(options: RunPodFakeOptions = {}): { fake: RunPodFake; api: FakeClient; rt: FakeClient } {
  const t = {} as { fake: RunPodFake; api: FakeClient; rt: FakeClient };
  beforeAll(async () => {
    t.fake = await startRunPodFake(options);
    t.api = fakeClient(t.fake);
    t.rt = fakeClient(t.fake, 'runtime');
  });
  beforeEach(() => t.fake.reset());
  afterAll(() => t.fake.close());
  return t;
}

/** Polls until `check` passes (no timing assertion: only a ceiling so a broken fake fails). */
export async function eventually<T>(
  read: () => Promise<T>,
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

export const H100 = 'NVIDIA H100 80GB HBM3';

export function podBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'atlas-test',
    image: 'runpod/pytorch:2.4.0',
    gpu: { id: H100, count: 1 },
    ports: ['8000/http', '22/tcp'],
    env: { TOKEN: 's3cret' },
    ...overrides,
  };
}
