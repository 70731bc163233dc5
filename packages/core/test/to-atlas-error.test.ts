import { describe, expect, it } from 'vitest';
import { AtlasError, isAtlasError } from '../src/index.js';
import { guardCall, toAtlasError } from '../src/provider/index.js';

describe('toAtlasError', () => {
  it('passes an AtlasError through untouched', () => {
    const original = new AtlasError({ kind: 'capacity', provider: 'p', message: 'none left' });
    expect(toAtlasError(original, 'other')).toBe(original);
  });

  it('maps a TimeoutError to timeout and an AbortError to a non-retryable transport', () => {
    const timeout = toAtlasError(new DOMException('The operation timed out.', 'TimeoutError'), 'p', 'getCompute');
    expect(timeout.kind).toBe('timeout');
    expect(timeout.message).toContain('p.getCompute');
    const aborted = toAtlasError(new DOMException('This operation was aborted', 'AbortError'), 'p');
    expect(aborted.kind).toBe('transport');
    expect(aborted.retryable).toBe(false);
  });

  it('wraps anything else as unknown, naming the provider, without printing arbitrary objects', () => {
    const fromTypeError = toAtlasError(new TypeError('x is undefined'), 'p', 'stop');
    expect(fromTypeError.kind).toBe('unknown');
    expect(fromTypeError.provider).toBe('p');
    expect(fromTypeError.message).toContain('TypeError: x is undefined');
    const fromObject = toAtlasError({ apiKey: 'sk-CANARY-object-0001' }, 'p');
    expect(JSON.stringify(fromObject)).not.toContain('sk-CANARY-object-0001');
  });

  it('guardCall converts sync throws and rejections alike', async () => {
    const sync = await guardCall('p', 'op', () => {
      throw 'plain string';
    }).catch((e: unknown) => e);
    expect(isAtlasError(sync)).toBe(true);
    await expect(guardCall('p', 'op', async () => 42)).resolves.toBe(42);
  });
});
