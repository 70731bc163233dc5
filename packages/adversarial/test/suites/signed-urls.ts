import { signUrl, verifySignedUrl } from '@atlas/core';
import { describe, expect, it } from 'vitest';
import type { Select } from '../helpers/pending.js';

/**
 * A URL signed for /public/a must not verify for any other path a server might route to, however
 * the path is dressed up: dot segments plain or percent-encoded (any case, double-encoded),
 * backslashes, control characters that URL parsers drop, case changes. Only the exact URL
 * verifies (the control case, so the suite can tell a broken verifier from a strict one).
 */

const SECRET = 'adversarial-signing-secret-0123456789';
const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

async function signedQuery(path: string): Promise<string> {
  const signed = await signUrl(path, { secret: SECRET, expiresIn: 600, now: NOW });
  return signed.slice(signed.indexOf('?'));
}

const verify = (url: string) => verifySignedUrl(url, { secret: SECRET, now: NOW + 1_000 });

const TRICKS: readonly [string, string][] = [
  ['a dot-dot segment', '/secret/../public/a'],
  ['an encoded dot-dot segment', '/secret/%2e%2e/public/a'],
  ['an upper-case encoded dot-dot segment', '/secret/%2E%2E/public/a'],
  ['a half-encoded dot-dot segment', '/secret/.%2e/public/a'],
  ['a double-encoded dot-dot segment', '/secret/%252e%252e/public/a'],
  ['backslashes', '/secret\\..\\public\\a'],
  ['encoded backslashes', '/secret%5c..%5cpublic%5ca'],
  ['a dot segment', '/public/./a'],
  ['an encoded dot segment', '/public/%2e/a'],
  ['a tab inside', '/pub\tlic/a'],
  ['a newline inside', '/pub\nlic/a'],
  ['a carriage return inside', '/public/\ra'],
  ['mixed case', '/Public/a'],
  ['a double slash', '/public//a'],
  ['a trailing slash', '/public/a/'],
  ['an encoded slash', '/public%2fa'],
  ['a dot-dot-semicolon segment', '/secret/..;/public/a'],
  ['a NUL', '/public/a%00'],
];

/** Registers the cases that `select` picks (by key: `control`, `verify: <trick>`, `sign: <trick>`). */
export function registerSignedUrls(select: Select): void {
  const presented = TRICKS.filter(([label]) => select(`verify: ${label}`));
  const signed = TRICKS.filter(([label]) => select(`sign: ${label}`));
  describe('signed URLs: path tricks', () => {
    if (select('control'))
      it('the exact URL verifies (control)', async () => {
        expect(await verify(`/public/a${await signedQuery('/public/a')}`)).toBe('ok');
        expect(await verify(`https://pod.example/public/a${await signedQuery('/public/a')}`)).toBe('ok');
      });

    if (presented.length > 0)
      it.each(presented)('%s (%j) does not verify', async (_label, path) => {
        const query = await signedQuery('/public/a');
        expect(await verify(`${path}${query}`)).not.toBe('ok');
        expect(await verify(`https://pod.example${path}${query}`)).not.toBe('ok');
      });

    if (signed.length > 0)
      it.each(signed)('a URL signed for the trick %s (%j) does not verify for /public/a', async (_label, path) => {
        // Either signUrl refuses the path, or what it signed is not /public/a.
        let query: string;
        try {
          query = await signedQuery(path);
        } catch (error) {
          expect((error as { kind?: string }).kind).toBe('validation');
          return;
        }
        expect(await verify(`/public/a${query}`)).not.toBe('ok');
      });
  });
}
