import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as app from '../src/index.js';
import * as provider from '../src/provider/index.js';

/** Every name an entry file exports, types included (read from its source, since types vanish at run time). */
function exportedNames(entry: string): string[] {
  const source = readFileSync(new URL(`../src/${entry}`, import.meta.url), 'utf8');
  const names: string[] = [];
  for (const [, list] of source.matchAll(/export(?:\s+type)?\s*\{([^}]*)\}/g)) {
    for (const item of (list ?? '').split(',')) {
      const name = item
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name) names.push(name);
    }
  }
  return names;
}

describe('the three entries of @atlas/core', () => {
  const entries = {
    '@atlas/core': exportedNames('index.ts'),
    '@atlas/core/provider': exportedNames('provider/index.ts'),
    '@atlas/core/testing': exportedNames('testing/index.ts'),
  };

  it('export no name from two entries', () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [entry, names] of Object.entries(entries)) {
      for (const name of names) {
        const first = seen.get(name);
        if (first !== undefined) twice.push(`${name} (${first} and ${entry})`);
        seen.set(name, entry);
      }
    }
    expect(twice).toEqual([]);
  });

  it('keep the provider-author toolkit out of the application entry', () => {
    expect(Object.keys(app)).not.toContain('createHttpClient');
    expect(Object.keys(app)).not.toContain('defineProvider');
    expect(Object.keys(provider)).toEqual(
      expect.arrayContaining(['defineProvider', 'createProviderHttp', 'createHttpClient']),
    );
    expect(entries['@atlas/core/testing']).toEqual(['Fault', 'FaultInjector', 'FaultOperation']);
  });
});
