import { describe, expect, it } from 'vitest';
import { AtlasError, isAtlasError } from '../src/index.js';
import { createOnce, isAmbiguousCreateFailure, newCreateMarker } from '../src/provider/index.js';

interface Machine {
  readonly id: string;
  readonly marker: string;
}

const MARKER = 'a1b2c3d4e5f60718';

const timeout = () => new AtlasError({ kind: 'timeout', provider: 'p', message: 'p: no response within 800 ms' });
const http = (status: number, extra: Partial<ConstructorParameters<typeof AtlasError>[0]> = {}) =>
  new AtlasError({
    kind: status >= 500 ? 'provider' : 'validation',
    provider: 'p',
    message: `HTTP ${status}`,
    status,
    ...extra,
  });

/** A create that fails with `error`, a lookup over `machines`, and counters of both. */
function harness(error: unknown, machines: readonly Machine[] | Error = [], signal?: AbortSignal) {
  const calls = { creates: 0, lookups: 0 };
  const run = () =>
    createOnce<Machine>({
      provider: 'p',
      name: 'job-7',
      marker: MARKER,
      noun: 'pod',
      signal,
      create: async () => {
        calls.creates++;
        throw error;
      },
      findByMarker: async (marker) => {
        calls.lookups++;
        if (machines instanceof Error) throw machines;
        return machines.filter((m) => m.marker === marker);
      },
      idOf: (m) => m.id,
    });
  return { calls, run };
}

async function failure(promise: Promise<unknown>): Promise<AtlasError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAtlasError(error), String(error)).toBe(true);
  return error as AtlasError;
}

describe('newCreateMarker', () => {
  it('is short, plain and different every time', () => {
    const markers = new Set(Array.from({ length: 100 }, newCreateMarker));
    expect(markers.size).toBe(100);
    for (const marker of markers) expect(marker).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('isAmbiguousCreateFailure', () => {
  it.each([
    ['a timeout', timeout(), true],
    ['a reset', new AtlasError({ kind: 'transport', provider: 'p', message: 'reset' }), true],
    ['a plain 500', http(500), true],
    ['a 502', http(502), true],
    ['a 503 without Retry-After', http(503), true],
    ['a 503 with Retry-After (the HTTP layer says it did nothing)', http(503, { retryAfterMs: 1000 }), false],
    ['a 429', http(429, { kind: 'rate_limited', retryAfterMs: 1000 }), false],
    ['a 400', http(400), false],
    ['an unreadable 201', http(201, { kind: 'contract' }), true],
    ['a caller abort (DOMException)', new DOMException('aborted', 'AbortError'), true],
    ['a bug (TypeError)', new TypeError('x is undefined'), false],
  ])('%s: %s', (_label, error, expected) => {
    expect(isAmbiguousCreateFailure(error)).toBe(expected);
  });

  it('a refused connection or an unknown host proves nothing was sent', () => {
    const refused = new AtlasError({
      kind: 'transport',
      provider: 'p',
      message: 'p: network error ECONNREFUSED',
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
    });
    expect(isAmbiguousCreateFailure(refused)).toBe(false);
    const reset = new AtlasError({
      kind: 'transport',
      provider: 'p',
      message: 'p: network error ECONNRESET',
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    expect(isAmbiguousCreateFailure(reset)).toBe(true);
  });
});

describe('createOnce', () => {
  it('a success is returned, no lookup', async () => {
    let lookups = 0;
    const made = await createOnce<Machine>({
      provider: 'p',
      name: 'n',
      marker: MARKER,
      create: async () => ({ id: 'm1', marker: MARKER }),
      findByMarker: async () => {
        lookups++;
        return [];
      },
      idOf: (m) => m.id,
    });
    expect(made.id).toBe('m1');
    expect(lookups).toBe(0);
  });

  it('ambiguous, exactly one machine with the marker: adopted, one create', async () => {
    const { calls, run } = harness(timeout(), [
      { id: 'other', marker: 'ffffffffffffffff' },
      { id: 'ours', marker: MARKER },
    ]);
    expect((await run()).id).toBe('ours');
    expect(calls).toEqual({ creates: 1, lookups: 1 });
  });

  it('ambiguous, nothing with the marker: fails closed with the original kind, possiblyCreated and the hint', async () => {
    const { calls, run } = harness(timeout(), [{ id: 'namesake', marker: 'ffffffffffffffff' }]);
    const error = await failure(run());
    expect(calls).toEqual({ creates: 1, lookups: 1 });
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(false);
    expect(error.details).toEqual({ possiblyCreated: true, lookFor: { name: 'job-7', marker: MARKER } });
    expect(error.message).toContain('atlas ls --name job-7');
    expect(error.message).toContain(MARKER);
  });

  it('the status and code of a 5xx are kept', async () => {
    const { run } = harness(http(500, { code: 'UPSTREAM' }));
    const error = await failure(run());
    expect(error.kind).toBe('provider');
    expect(error.status).toBe(500);
    expect(error.code).toBe('UPSTREAM');
    expect(error.details?.possiblyCreated).toBe(true);
  });

  it('several machines with the marker: conflict naming them, no adoption', async () => {
    const { calls, run } = harness(http(502), [
      { id: 'p1', marker: MARKER },
      { id: 'p2', marker: MARKER },
    ]);
    const error = await failure(run());
    expect(calls.creates).toBe(1);
    expect(error.kind).toBe('conflict');
    expect(error.message).toContain('p1');
    expect(error.message).toContain('p2');
    expect(error.details).toMatchObject({ possiblyCreated: true, found: ['p1', 'p2'] });
  });

  it('the lookup fails: fails closed with the original kind and the hint', async () => {
    const { calls, run } = harness(
      timeout(),
      new AtlasError({ kind: 'provider', provider: 'p', status: 500, message: 'list broke' }),
    );
    const error = await failure(run());
    expect(calls).toEqual({ creates: 1, lookups: 1 });
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('list broke');
    expect(error.details).toEqual({ possiblyCreated: true, lookFor: { name: 'job-7', marker: MARKER } });
  });

  it('a clear failure is rethrown as it is: no lookup, no hint', async () => {
    const original = http(422);
    const { calls, run } = harness(original);
    expect(await failure(run())).toBe(original);
    expect(calls).toEqual({ creates: 1, lookups: 0 });
  });

  it('the caller aborts while the create is in flight: the hint, no lookup', async () => {
    const controller = new AbortController();
    let lookups = 0;
    const pending = createOnce<Machine>({
      provider: 'p',
      name: 'job-7',
      marker: MARKER,
      signal: controller.signal,
      create: () =>
        new Promise((_resolve, reject) => {
          controller.signal.addEventListener('abort', () =>
            reject(
              new AtlasError({ kind: 'transport', provider: 'p', message: 'aborted by the caller', retryable: false }),
            ),
          );
        }),
      findByMarker: async () => {
        lookups++;
        return [];
      },
      idOf: (m) => m.id,
    });
    controller.abort();
    const error = await failure(pending);
    expect(lookups).toBe(0);
    expect(error.kind).toBe('transport');
    expect(error.details).toEqual({ possiblyCreated: true, lookFor: { name: 'job-7', marker: MARKER } });
    expect(error.message).toContain('atlas ls --name job-7');
  });

  it('already aborted: nothing is sent, and no hint', async () => {
    const controller = new AbortController();
    controller.abort();
    const { calls, run } = harness(timeout(), [], controller.signal);
    const error = await failure(run());
    expect(calls.creates).toBe(0);
    expect(error.details).toBeUndefined();
  });
});
