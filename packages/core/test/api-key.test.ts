import { afterEach, describe, expect, it, vi } from 'vitest';
import { AtlasError, isAtlasError } from '../src/index.js';
import { readEnv, redactText, resolveApiKey } from '../src/provider/index.js';

const ENV = 'ATLAS_TEST_API_KEY';

afterEach(() => {
  vi.unstubAllEnvs();
});

function missing(sources: Parameters<typeof resolveApiKey>[0]): AtlasError {
  try {
    resolveApiKey(sources);
  } catch (error) {
    if (isAtlasError(error)) return error;
    throw error;
  }
  throw new Error('expected resolveApiKey to throw');
}

describe('resolveApiKey', () => {
  it('prefers the per-call key over settings and the environment', () => {
    vi.stubEnv(ENV, 'env-key-0123456789');
    expect(
      resolveApiKey({
        provider: 'mycloud',
        callKey: 'call-key-0123456789',
        settingsKey: 'settings-key-012345',
        envVar: ENV,
      }),
    ).toBe('call-key-0123456789');
  });

  it('falls back to the settings key, then to the environment variable', () => {
    vi.stubEnv(ENV, 'env-key-0123456789');
    expect(resolveApiKey({ provider: 'mycloud', settingsKey: 'settings-key-012345', envVar: ENV })).toBe(
      'settings-key-012345',
    );
    expect(resolveApiKey({ provider: 'mycloud', envVar: ENV })).toBe('env-key-0123456789');
  });

  it('reads the environment at call time, not when the module was imported', () => {
    expect(readEnv(ENV)).toBeUndefined();
    vi.stubEnv(ENV, 'first-key-0123456789');
    expect(resolveApiKey({ provider: 'mycloud', envVar: ENV })).toBe('first-key-0123456789');
    vi.stubEnv(ENV, 'rotated-key-0123456789');
    expect(resolveApiKey({ provider: 'mycloud', envVar: ENV })).toBe('rotated-key-0123456789');
  });

  it('treats blank keys as unset and trims pasted whitespace', () => {
    vi.stubEnv(ENV, '  env-key-0123456789\n');
    expect(resolveApiKey({ provider: 'mycloud', callKey: '', settingsKey: '   ', envVar: ENV })).toBe(
      'env-key-0123456789',
    );
    vi.stubEnv(ENV, '');
    expect(readEnv(ENV)).toBeUndefined();
  });

  it('fails as `unauthorized` naming all three ways to set a key', () => {
    const error = missing({ provider: 'mycloud', envVar: ENV });
    expect(error.kind).toBe('unauthorized');
    expect(error.provider).toBe('mycloud');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('mycloud');
    expect(error.message).toContain('{ apiKey }');
    expect(error.message).toContain("provider's settings");
    expect(error.message).toContain(ENV);
  });

  it('registers the resolved key so it is redacted from errors and text', () => {
    const key = resolveApiKey({ provider: 'mycloud', callKey: 'canary-key-a1b2c3d4e5', envVar: ENV });
    expect(redactText(`Authorization failed for ${key}`)).not.toContain(key);
    expect(new AtlasError({ kind: 'unauthorized', message: `bad key ${key}` }).message).not.toContain(key);
  });
});
