import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isArrayOf, isNullish, isPlainObject, isString, lazyRaw, scrubRaw } from '../src/provider/index.js';

describe('lazyRaw', () => {
  it('scrubs on first read only, and reads like a plain field everywhere', () => {
    let scrubs = 0;
    const native = { id: 'p-1', env: { TOKEN: 'secret-value-123' } };
    const compute = lazyRaw<{ id: string; raw?: unknown }>({ id: 'p-1' }, () => {
      scrubs++;
      return scrubRaw(native);
    });
    expect(scrubs).toBe(0);
    expect(JSON.stringify(compute)).not.toContain('secret-value-123');
    expect({ ...compute }.raw).toEqual({ id: 'p-1', env: { TOKEN: '[redacted]' } });
    expect(inspect(compute)).toContain('[redacted]');
    expect(scrubs).toBe(1);
  });
});

describe('shape checks', () => {
  it('refuse what valibot would copy differently, and accept plain data', () => {
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(JSON.parse('{"__proto__": {}}'))).toBe(false);
    expect(isArrayOf(['a', 'b'], isString)).toBe(true);
    expect(isArrayOf(['a', 1], isString)).toBe(false);
    expect(isNullish(null, isString) && isNullish(undefined, isString) && !isNullish(1, isString)).toBe(true);
  });
});
