import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  redactText,
  redactUrl,
  registerSecret,
  scrubRaw,
  secretRegistryStats,
} from '../src/errors/redact.js';

describe('redactText', () => {
  it('removes registered secrets wherever they appear', () => {
    registerSecret('sk-CANARY-registered-123');
    expect(redactText('key=sk-CANARY-registered-123 and again sk-CANARY-registered-123')).toBe(
      `key=${REDACTED} and again ${REDACTED}`,
    );
  });

  it('ignores secrets too short to redact safely', () => {
    registerSecret('abc');
    expect(redactText('abc abc')).toBe('abc abc');
    registerSecret('          ');
    registerSecret('\n\n\n  x\n\n\n');
    expect(redactText('{\n          "a": 1\n\n\n  x\n\n\n}')).toBe('{\n          "a": 1\n\n\n  x\n\n\n}');
  });

  it('removes unregistered secrets by pattern', () => {
    const cases = [
      'Authorization: Bearer tok-unknown-1234567890',
      'authorization="Basic dXNlcjpwYXNzd29yZA=="',
      'sent bearer tok-unknown-1234567890 to the API',
      'https://user:tok-unknown-1234567890@api.test/x',
      'GET /pods?api_key=tok-unknown-1234567890&page=1',
      '{"hf_token": "tok-unknown-1234567890", "name": "a"}',
      "{'client_secret': 'tok-unknown-1234567890'}",
      'env HF_TOKEN=tok-unknown-1234567890 set',
      'GET /v.mp4?atlas_expires=1900000000&atlas_signature=tok-unknown-1234567890',
      'GET /o?X-Amz-Signature=tok-unknown-1234567890&X-Amz-Expires=60',
      'export API_KEY="tok-unknown-1234567890"',
      "HF_TOKEN='tok-unknown-1234567890'",
      '{"headers": {"authorization": "tok-unknown-1234567890"}}',
      '{"Authorization": "Bearer tok-unknown-1234567890"}',
      'X-Api-Key: tok-unknown-1234567890',
      'x-auth-token=tok-unknown-1234567890',
    ];
    for (const text of cases) expect(redactText(text), text).not.toContain('tok-unknown-1234567890');
    expect(redactText('{"hf_token": "tok-unknown-1234567890", "name": "a"}')).toBe(
      `{"hf_token": "${REDACTED}", "name": "a"}`,
    );
  });

  it('leaves ordinary text alone', () => {
    const text = 'gpuCount: Invalid value: expected a number >= 1; max_tokens: 100; the token expired';
    expect(redactText(text)).toBe(text);
  });
});

describe('redactUrl and scrubRaw', () => {
  it('redactUrl keeps the path and harmless params', () => {
    expect(redactUrl(new URL('https://api.test/v1/pods?page=2&token=abcdef123456'))).toBe(
      `https://api.test/v1/pods?page=2&token=${REDACTED}`,
    );
  });

  it('scrubRaw blanks env values and secret fields, keeping names', () => {
    const raw = {
      id: 'p1',
      env: { HF_TOKEN: 'x', DEBUG: '1' },
      apiKey: 'k',
      nested: [{ password: 'p', ok: 'v' }],
      envs: ['A=1', { key: 'B', value: '2' }],
    };
    expect(scrubRaw(raw)).toEqual({
      id: 'p1',
      env: { HF_TOKEN: REDACTED, DEBUG: REDACTED },
      apiKey: REDACTED,
      nested: [{ password: REDACTED, ok: 'v' }],
      envs: [`A=${REDACTED}`, { key: 'B', value: REDACTED }],
    });
    expect(raw.env.HF_TOKEN).toBe('x');
  });

  it('scrubRaw blanks env values given as one string, as some APIs send docker flags', () => {
    const raw = { env: '-e HF_TOKEN=hf-CANARY-1 -e MODEL="org/model CANARY-2" -p 8000:8000' };
    expect(scrubRaw(raw)).toEqual({ env: `-e HF_TOKEN=${REDACTED} -e MODEL=${REDACTED} -p 8000:8000` });
  });

  it('scrubRaw redacts known secrets in keys, not only in values', () => {
    registerSecret('sk-CANARY-as-a-key-77');
    expect(scrubRaw({ errors: { 'sk-CANARY-as-a-key-77': ['unknown field'], gpuCount: ['too big'] } })).toEqual({
      errors: { [REDACTED]: ['unknown field'], gpuCount: ['too big'] },
    });
  });
});

describe('registered secrets', () => {
  it('redacts secrets holding regex metacharacters literally', () => {
    const secret = 'sk.(a+b)*[x]|y$^{2}\\z/-?';
    registerSecret(secret);
    expect(redactText(`x ${secret} y`)).toBe(`x ${REDACTED} y`);
    // The metacharacters are not live: a text that would match them as a regex is left alone.
    expect(redactText('sk.(aab)*[x]|y')).toBe('sk.(aab)*[x]|y');
  });

  it('picks up a secret registered after a redaction already built the pattern', () => {
    expect(redactText('first-secret-AAAA1')).toBe('first-secret-AAAA1');
    registerSecret('first-secret-AAAA1');
    expect(redactText('a first-secret-AAAA1 b')).toBe(`a ${REDACTED} b`);
    registerSecret('second-secret-BBBB2');
    expect(redactText('first-secret-AAAA1 second-secret-BBBB2')).toBe(`${REDACTED} ${REDACTED}`);
  });

  it('removes the whole of a secret that contains another one', () => {
    registerSecret('nested-CANARY');
    registerSecret('nested-CANARY-and-more');
    expect(redactText('[nested-CANARY-and-more]')).toBe(`[${REDACTED}]`);
  });

  it('a shorter secret registered after a longer one that contains it still leaves nothing of the longer', () => {
    registerSecret('outer-secret-0123456789');
    expect(redactText('x outer-secret-0123456789 y')).toBe(`x ${REDACTED} y`);
    registerSecret('secret-0123');
    expect(redactText('x outer-secret-0123456789 y secret-0123')).toBe(`x ${REDACTED} y ${REDACTED}`);
  });

  it('many registrations between two redactions are all redacted', () => {
    const batch = Array.from({ length: 100 }, (_, i) => `batch-secret-${String(i).padStart(3, '0')}-x`);
    for (const secret of batch) registerSecret(secret);
    expect(redactText(batch.join(' '))).toBe(batch.map(() => REDACTED).join(' '));
  });

  it('redacts in strings with no secret-looking word, which skip the patterns', () => {
    registerSecret('plainvalue-QWERTY-77');
    expect(redactText('image plainvalue-QWERTY-77 ready')).toBe(`image ${REDACTED} ready`);
    expect(scrubRaw({ name: 'plainvalue-QWERTY-77', image: 'ubuntu' })).toEqual({ name: REDACTED, image: 'ubuntu' });
  });

  it('a secret registered again counts as new: a key re-registered on every call outlives a flood of tokens', () => {
    const apiKey = 'api-key-reused-CANARY-42';
    registerSecret(apiKey);
    const { maxEvictable } = secretRegistryStats();
    const tokens = Array.from({ length: maxEvictable - 1 }, (_, i) => `flood-token-${String(i).padStart(4, '0')}`);
    for (const token of tokens) registerSecret(token);
    // The next call resolves the same key again, then one more token is minted.
    registerSecret(apiKey);
    registerSecret('flood-token-last');
    expect(redactText(`key ${apiKey} and flood-token-last`)).toBe(`key ${REDACTED} and ${REDACTED}`);
  });

  it('keeps the newest secrets nobody holds, up to maxEvictable: the oldest is forgotten, the rest are still redacted', () => {
    const oldest = 'evicted-secret-0000';
    registerSecret(oldest);
    const { maxEvictable } = secretRegistryStats();
    // Each secret takes three entries: itself, its base64 and its base64url form.
    const newer = Array.from({ length: maxEvictable / 3 }, (_, i) => `growing-secret-${String(i).padStart(4, '0')}`);
    for (const secret of newer) registerSecret(secret);
    expect(secretRegistryStats().evictable).toBe(maxEvictable);
    expect(redactText(`a ${oldest} b`)).toBe(`a ${oldest} b`);
    expect(redactText(`${newer[0]} ${newer[511]} ${newer.at(-1)}`)).toBe(`${REDACTED} ${REDACTED} ${REDACTED}`);
    // Registering an evicted secret again brings it back.
    registerSecret(oldest);
    expect(redactText(`a ${oldest} b`)).toBe(`a ${REDACTED} b`);
  });
});

describe('encoded forms of a secret', () => {
  it('redacts the base64 and base64url forms of a registered secret too', () => {
    const secret = 'canary?secret>value~42';
    registerSecret(secret);
    const b64 = Buffer.from(secret).toString('base64');
    const b64url = Buffer.from(secret).toString('base64url');
    expect(b64).not.toBe(b64url);
    expect(redactText(`echo ${b64} and ${b64url}`)).toBe('echo [redacted] and [redacted]');
  });
});
