import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { mintToken } from '../src/auth/token.js';
import { AtlasError } from '../src/errors/atlas-error.js';
import {
  holdSecrets,
  REDACTED,
  redactText,
  registerSecret,
  registerSecretEnv,
  scrubRaw,
  secretRegistryStats,
} from '../src/errors/redact.js';
import { createHttpClient } from '../src/http/client.js';
import { BASE, rejectionOf, useNock } from './http-helpers.js';

useNock();

/** More registrations than the registry keeps of secrets nobody holds. */
function pressure(tag: string): void {
  const count = secretRegistryStats().maxEvictable + 10;
  for (let i = 0; i < count; i++) registerSecret(`pressure-${tag}-${String(i).padStart(6, '0')}`);
}

describe('every env value is a secret', () => {
  it('registers the values of any name, not only secret-looking ones', () => {
    registerSecretEnv({ MODEL_REVISION: 'rev-2026-11-CANARY', NODE_ENV: 'production', HF_TOKEN: 'hf-CANARY-0001' });
    expect(redactText('pulling rev-2026-11-CANARY')).toBe(`pulling ${REDACTED}`);
    expect(redactText('hf-CANARY-0001')).toBe(REDACTED);
    // The accepted trade-off: a common value of 8 characters or more is redacted from every text.
    expect(redactText('mode production')).toBe(`mode ${REDACTED}`);
    expect(new AtlasError({ kind: 'provider', message: 'bad revision rev-2026-11-CANARY' }).message).toBe(
      `bad revision ${REDACTED}`,
    );
    expect(scrubRaw({ note: 'built from rev-2026-11-CANARY' })).toEqual({ note: `built from ${REDACTED}` });
  });

  it('exempts values shorter than 8 characters after trimming', () => {
    registerSecretEnv({ DEBUG: '1', PORT: '8000', MODE: 'fast', REGION: 'us-east', PADDED: '   seven77   \n' });
    const text = 'DEBUG=1 on port 8000, fast mode in us-east, seven77';
    expect(redactText(text)).toBe(text);
  });

  it('redacts a padded value without its padding (the value a cloud echoes)', () => {
    registerSecretEnv({ PASTED: '  padded-CANARY-value\n' });
    expect(redactText('x padded-CANARY-value y')).toBe(`x ${REDACTED} y`);
  });

  it('ignores an absent env and values that are not strings', () => {
    registerSecretEnv(undefined);
    registerSecretEnv({ N: 123456789 as unknown as string });
    expect(redactText('123456789')).toBe('123456789');
  });
});

describe('held secrets are never forgotten', () => {
  // Thousands of mints and registrations: slow on a loaded machine, so a wide limit (no timing is asserted).
  it("a session's token and env values outlive 1,100 further mints while held, and may go once released", {
    timeout: 60_000,
  }, async () => {
    const first = await mintToken();
    const env = { MODEL_REVISION: 'held-env-CANARY-0001' };
    registerSecretEnv(env);
    const release = holdSecrets([first.token, ...Object.values(env)]);
    for (let i = 0; i < 1_100; i++) await mintToken();
    pressure('held');
    const text = `token ${first.token} revision ${env.MODEL_REVISION}`;
    expect(redactText(text)).toBe(`token ${REDACTED} revision ${REDACTED}`);

    release();
    // Released, not forgotten at once: still redacted until newer secrets push it out.
    expect(redactText(text)).toBe(`token ${REDACTED} revision ${REDACTED}`);
    pressure('after-release');
    expect(redactText(text)).toBe(text);
  });

  it('counts holds: the secret stays until the last holder releases, and a release twice counts once', () => {
    const secret = 'shared-CANARY-secret-01';
    const a = holdSecrets([secret]);
    const b = holdSecrets([secret]);
    a();
    a();
    pressure('shared');
    expect(redactText(secret)).toBe(REDACTED);
    b();
    pressure('shared-2');
    expect(redactText(secret)).toBe(secret);
  });

  it('a registration of a held secret does not make it evictable', () => {
    const secret = 'held-then-registered-CANARY';
    const release = holdSecrets([secret]);
    registerSecret(secret);
    registerSecretEnv({ ANY: secret });
    pressure('registered');
    expect(redactText(secret)).toBe(REDACTED);
    release();
  });

  it('holding a short or missing value is a no-op', () => {
    const before = secretRegistryStats();
    const release = holdSecrets(['short', undefined, null, '       x       ']);
    expect(secretRegistryStats()).toEqual(before);
    release();
    expect(secretRegistryStats()).toEqual(before);
  });

  it('the registry returns to its baseline after 10,000 sessions are held and released', () => {
    pressure('baseline');
    const before = secretRegistryStats();
    for (let i = 0; i < 10_000; i++) {
      const token = `session-token-${i}-${Math.random().toString(36).slice(2)}`;
      const release = holdSecrets([token, `session-env-${i}-CANARY`]);
      release();
    }
    const after = secretRegistryStats();
    expect(after.held).toBe(before.held);
    expect(after.evictable).toBeLessThanOrEqual(after.maxEvictable);
  });

  it('many live secrets are all redacted, each as a whole', () => {
    const releases: Array<() => void> = [];
    const secrets = Array.from({ length: 20_000 }, (_, i) => `live-${String(i).padStart(5, '0')}-CANARY-value`);
    for (const secret of secrets) releases.push(holdSecrets([secret]));
    // Same first 8 characters, one a prefix of the other: the longer one wins where it matches.
    releases.push(holdSecrets(['live-000-prefix', 'live-000-prefix-and-more']));
    const sample = [secrets[0], secrets[9_999], secrets[19_999], 'live-000-prefix-and-more', 'live-000-prefix!'];
    expect(redactText(sample.join(' '))).toBe([REDACTED, REDACTED, REDACTED, REDACTED, `${REDACTED}!`].join(' '));
    expect(redactText(`x${secrets[5]}${secrets[6]}y`)).toBe(`x${REDACTED}${REDACTED}y`);
    for (const release of releases) release();
  });
});

describe('secrets sharing a start', () => {
  it('are each redacted whole, and each forgotten alone once released', () => {
    const urls = Array.from({ length: 1_000 }, (_, i) => `https://models.example.com/v1/files/${i}-CANARY`);
    const short = ['https://a.b.c', 'https://models.example.com', 'sk-proj-CANARY-1'];
    const first = holdSecrets(urls.slice(0, 500));
    const second = holdSecrets([...urls.slice(500), ...short]);
    const text = (list: string[]) => list.map((url) => `<${url}>`).join(' ');
    const sample = [urls[0]!, urls[499]!, urls[500]!, urls[999]!, ...short];
    expect(redactText(text(sample))).toBe(sample.map(() => `<${REDACTED}>`).join(' '));
    // A longer text that starts like a secret loses the secret, not the rest.
    expect(redactText('https://models.example.com/v2')).toBe(`${REDACTED}/v2`);
    expect(redactText('https://a.b.c.d')).toBe(`${REDACTED}.d`);

    first();
    pressure('shared-start');
    // Only the still-held start of the released ones goes.
    expect(redactText(text([urls[0]!, urls[499]!]))).toBe(
      `<${REDACTED}/v1/files/0-CANARY> <${REDACTED}/v1/files/499-CANARY>`,
    );
    expect(redactText(text([urls[500]!, urls[999]!, ...short]))).toBe(
      [urls[500], urls[999], ...short].map(() => `<${REDACTED}>`).join(' '),
    );
    second();
  });
});

describe('the HTTP layer holds its API key during a call', () => {
  it('a flood of new secrets while a request is in flight cannot evict the key the error then echoes', async () => {
    const apiKey = 'sk-CANARY-held-during-call-0001';
    nock(BASE)
      .get('/pods')
      .reply(() => {
        pressure('in-flight');
        return [401, { message: `invalid key ${apiKey}` }];
      });
    const http = createHttpClient({ provider: 'acme', baseUrl: BASE, apiKey });
    const error = await rejectionOf(http.request({ method: 'GET', path: 'pods' }));
    expect(error.kind).toBe('unauthorized');
    expect(error.message).not.toContain(apiKey);
    expect(JSON.stringify(error)).not.toContain(apiKey);
  });
});
