import { describe, expect, it } from 'vitest';
import { Router } from '../src/index.js';

const routes = [
  { method: 'GET', pattern: '/pods/{id}', name: 'get' },
  { method: 'DELETE', pattern: '/pods/{id}', name: 'delete' },
  { method: 'POST', pattern: '/pods/{id}/{action}', name: 'action' },
] as const;

describe('Router', () => {
  it('matches method and path, decoding {name} params', () => {
    const found = new Router(routes).match('POST', '/pods/p%201/stop');
    expect(found).toEqual({ route: routes[2], params: { id: 'p 1', action: 'stop' } });
  });

  it('tells a wrong method (with the allowed ones) from an unknown path', () => {
    const router = new Router(routes);
    expect(router.match('PUT', '/pods/p1')).toEqual({ allow: ['GET', 'DELETE'] });
    expect(router.match('GET', '/pods')).toBeUndefined();
    expect(router.match('GET', '/pods/p1/x/y')).toBeUndefined();
  });

  it('puts a prefix before every pattern, and takes pattern characters literally', () => {
    const router = new Router([{ method: 'GET', pattern: '/a.b/{id}' }], '/api/v1');
    expect(router.match('GET', '/api/v1/a.b/7')).toMatchObject({ params: { id: '7' } });
    expect(router.match('GET', '/api/v1/aXb/7')).toBeUndefined();
    expect(router.match('GET', '/a.b/7')).toBeUndefined();
  });
});
