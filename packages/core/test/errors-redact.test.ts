import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactUrl, registerSecret, scrubRaw } from '../src/errors/redact.js';

describe('redactText', () => {
  it('removes registered secrets wherever they appear', () => {
    registerSecret('sk-CANARY-registered-123');
    expect(redactText('key=sk-CANARY-registered-123 and again sk-CANARY-registered-123')).toBe(`key=${REDACTED} and again ${REDACTED}`);
  });

  it('ignores secrets too short to redact safely', () => {
    registerSecret('abc');
    expect(redactText('abc abc')).toBe('abc abc');
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
    ];
    for (const text of cases) expect(redactText(text), text).not.toContain('tok-unknown-1234567890');
    expect(redactText('{"hf_token": "tok-unknown-1234567890", "name": "a"}')).toBe(`{"hf_token": "${REDACTED}", "name": "a"}`);
  });

  it('leaves ordinary text alone', () => {
    const text = 'gpuCount: Invalid value: expected a number >= 1; max_tokens: 100; the token expired';
    expect(redactText(text)).toBe(text);
  });
});

describe('redactUrl and scrubRaw', () => {
  it('redactUrl keeps the path and harmless params', () => {
    expect(redactUrl(new URL('https://api.test/v1/pods?page=2&token=abcdef123456'))).toBe(`https://api.test/v1/pods?page=2&token=${REDACTED}`);
  });

  it('scrubRaw blanks env values and secret fields, keeping names', () => {
    const raw = { id: 'p1', env: { HF_TOKEN: 'x', DEBUG: '1' }, apiKey: 'k', nested: [{ password: 'p', ok: 'v' }], envs: ['A=1', { key: 'B', value: '2' }] };
    expect(scrubRaw(raw)).toEqual({
      id: 'p1',
      env: { HF_TOKEN: REDACTED, DEBUG: REDACTED },
      apiKey: REDACTED,
      nested: [{ password: REDACTED, ok: 'v' }],
      envs: [`A=${REDACTED}`, { key: 'B', value: REDACTED }],
    });
    expect(raw.env.HF_TOKEN).toBe('x');
  });
});
