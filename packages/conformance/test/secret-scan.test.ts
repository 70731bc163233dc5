import { describe, expect, it } from 'vitest';
import { findLeaks } from '../src/index.js';

const secret = { label: 'the key', value: 'rp_fake_0123456789abcdef' };

describe('findLeaks', () => {
  it('finds a secret plain, URL-encoded and hex-encoded', () => {
    expect(findLeaks(`{"key":"${secret.value}"}`, [secret])).toEqual(['the key (plain)']);
    const odd = { label: 'odd', value: 'a b/c+d=e&f-0123456789' };
    expect(findLeaks(`?q=${encodeURIComponent(odd.value)}`, [odd])).toContain('odd (URL-encoded)');
    expect(findLeaks(Buffer.from(secret.value).toString('hex').toUpperCase(), [secret])).toEqual(['the key (hex)']);
  });

  it('finds it base64- or base64url-encoded inside a larger blob, at every byte alignment', () => {
    for (const prefix of ['', 'u:', 'ab:', 'abc:']) {
      for (const encoding of ['base64', 'base64url'] as const) {
        const blob = Buffer.from(`${prefix}${secret.value}{"more":1}`).toString(encoding);
        expect(findLeaks(`Basic ${blob}`, [secret]), `${encoding} after '${prefix}'`).toEqual(['the key (base64)']);
      }
    }
  });

  it('finds nothing in text that only shares a prefix with the secret', () => {
    expect(findLeaks('rp_fake_0123', [secret])).toEqual([]);
    expect(findLeaks(Buffer.from('rp_fake_9999999999999999').toString('base64'), [secret])).toEqual([]);
  });
});
