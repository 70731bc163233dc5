import { describe, expect, it } from 'vitest';
import { parseStamp, stampName, stampPrefix } from '../src/index.js';

describe('owner stamps', () => {
  it('round-trips owner and session', () => {
    expect(parseStamp(stampName('app', 'abcdefgh12345678'))).toEqual({ ownerId: 'app', sessionId: 'abcdefgh12345678' });
    expect(parseStamp(stampName('my-app-2', 'abcdefgh'))).toEqual({ ownerId: 'my-app-2', sessionId: 'abcdefgh' });
  });

  it('parses exactly: a prefix match is not ownership', () => {
    // All of these start with `atlas-app-` (or `atlas-app`), none belongs to owner `app`.
    expect(parseStamp('atlas-app2-abcdefgh12345678')?.ownerId).toBe('app2');
    expect(parseStamp('atlas-app-x-abcdefgh12345678')?.ownerId).toBe('app-x');
    expect(stampPrefix('app')).toBe('atlas-app-');
  });

  it('rejects names that are not stamps', () => {
    for (const name of [
      undefined,
      '',
      'my-pod',
      'atlas-app',
      'atlas-app-',
      'atlas-app-short',
      'atlas-App-abcdefgh',
      'atlas--abcdefgh',
      'xatlas-app-abcdefgh',
      'atlas-app-abcdefgh-',
    ]) {
      expect(parseStamp(name)).toBeUndefined();
    }
  });
});
