import { describe, expect, it } from 'vitest';
import { render } from '../src/render.js';

const values = { __NAME__: 'acme', __PROVIDER_CONST__: 'ACME' };

describe('render', () => {
  it('replaces placeholders, also inside identifiers', () => {
    expect(render('const __PROVIDER_CONST___GPU_MAP = "__NAME__";', new Set(), values, 't')).toBe(
      'const ACME_GPU_MAP = "acme";',
    );
  });

  it('keeps an #if block when its flag is on, and an #if ! block when it is off, dropping the directives', () => {
    const template = ['a', '  // #if spot', '  b', '  // #endif', '# #if !spot', 'c', '# #endif', 'd'].join('\n');
    expect(render(template, new Set(['spot']), values, 't')).toBe(['a', '  b', 'd'].join('\n'));
    expect(render(template, new Set(), values, 't')).toBe(['a', 'c', 'd'].join('\n'));
  });

  it('nests blocks and reads HTML comment directives', () => {
    const template = ['<!-- #if a -->', 'x', '<!-- #if b -->', 'y', '<!-- #endif -->', '<!-- #endif -->'].join('\n');
    expect(render(template, new Set(['a']), values, 't')).toBe('x');
    expect(render(template, new Set(['a', 'b']), values, 't')).toBe('x\ny');
    expect(render(template, new Set(['b']), values, 't')).toBe('');
  });

  it('leaves a directive-like text inside a line alone', () => {
    expect(render('const s = "// #if spot";', new Set(), values, 't')).toBe('const s = "// #if spot";');
  });

  it('refuses unbalanced directives and unknown placeholders, naming the template', () => {
    expect(() => render('// #if a\nx', new Set(), values, 'src/x.ts')).toThrow('src/x.ts: 1 #if without #endif');
    expect(() => render('x\n// #endif', new Set(), values, 'src/x.ts')).toThrow('src/x.ts:2: #endif without #if');
    expect(() => render('__OTHER__', new Set(), values, 'src/x.ts')).toThrow('no value for the placeholder __OTHER__');
  });
});
