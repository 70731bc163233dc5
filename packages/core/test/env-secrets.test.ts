import { describe, expect, it } from 'vitest';
import { CREATE_MARKER_ENV, envSecrets } from '../src/provider/index.js';

describe('envSecrets: the env values of a machine that are secrets', () => {
  it('takes a map or [name, value] pairs, and leaves out the create marker', () => {
    const env = { HF_TOKEN: 'hf-secret-0001', [CREATE_MARKER_ENV]: 'marker-0001', MODE: 'fast' };
    expect(envSecrets(env)).toEqual(['hf-secret-0001', 'fast']);
    expect(envSecrets(Object.entries(env))).toEqual(['hf-secret-0001', 'fast']);
    expect(envSecrets(new Map(Object.entries(env)))).toEqual(['hf-secret-0001', 'fast']);
  });

  it('leaves out the names a provider put there to be read', () => {
    expect(envSecrets({ PORTS: '8000/http', KEY: 'value-0001' }, ['PORTS'])).toEqual(['value-0001']);
  });

  it('has nothing for no env', () => {
    expect(envSecrets(undefined)).toEqual([]);
    expect(envSecrets(null)).toEqual([]);
  });
});
