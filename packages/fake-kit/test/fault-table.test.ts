import { describe, expect, it } from 'vitest';
import { FaultTable } from '../src/index.js';

describe('FaultTable', () => {
  it('hands an operation fault out once by default, then `times` times', () => {
    const table = new FaultTable();
    table.inject('getCompute', { status: 503 });
    table.inject('listCompute', { status: 502, times: 2 });
    expect(table.take('GET', '/x/1', 'getCompute')?.status).toBe(503);
    expect(table.take('GET', '/x/1', 'getCompute')).toBeUndefined();
    expect(table.take('GET', '/x', 'listCompute')?.status).toBe(502);
    expect(table.take('GET', '/x', 'listCompute')?.status).toBe(502);
    expect(table.take('GET', '/x', 'listCompute')).toBeUndefined();
  });

  it('counts every request of an operation, faulted ones included, until clear', () => {
    const table = new FaultTable();
    table.inject('terminate', { status: 500 });
    table.take('DELETE', '/x/1', 'terminate');
    table.take('DELETE', '/x/1', 'terminate');
    table.take('GET', '/other', undefined);
    expect(table.count('terminate')).toBe(2);
    expect(table.count('getCompute')).toBe(0);
    table.inject('terminate', { status: 500 });
    table.clear();
    expect(table.count('terminate')).toBe(0);
    expect(table.take('DELETE', '/x/1', 'terminate')).toBeUndefined();
  });

  it('matches routes by method and {name} pattern, `*` method, and a trailing `*` prefix', () => {
    const table = new FaultTable();
    table.injectRoute('get', '/v2/pods/{id}', { status: 418 });
    table.injectRoute('*', '/v2/{endpoint}/health', { status: 500 });
    table.injectRoute('POST', '/api/v1/firewall*', { status: 409 });
    expect(table.take('POST', '/v2/pods/p1', undefined)).toBeUndefined();
    expect(table.take('GET', '/v2/pods/p1/extra', undefined)).toBeUndefined();
    expect(table.take('GET', '/v2/pods/p1', undefined)?.status).toBe(418);
    expect(table.take('PUT', '/v2/ep-1/health', undefined)?.status).toBe(500);
    expect(table.take('POST', '/api/v1/firewall-rulesets', undefined)?.status).toBe(409);
  });

  it('takes the first matching fault in the order they were injected', () => {
    const table = new FaultTable();
    table.inject('spawnCompute', { status: 500 });
    table.injectRoute('POST', '/things', { status: 502 });
    expect(table.take('POST', '/things', 'spawnCompute')?.status).toBe(500);
    expect(table.take('POST', '/things', 'spawnCompute')?.status).toBe(502);
  });
});
