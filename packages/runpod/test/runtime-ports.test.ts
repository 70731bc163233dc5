import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { pod, provider, REST, useNock } from './helpers.js';

useNock();

describe('runtime.ports entries the spec allows but we cannot use (no `private`)', () => {
  it('listCompute and getCompute skip them instead of failing contract, and keep them in raw', async () => {
    const odd = [{ public: 40000, type: 'tcp', ip: '203.0.113.9' }, {}, { private: 'x' }];
    const ports = [...odd, { private: 22, public: 34446, type: 'tcp', ip: '195.26.233.3' }];
    const withOdd = pod({ id: 'p1', ports: ['22/tcp'], runtime: { uptime: 1, ports } });
    nock(REST)
      .get('/v2/pods')
      .reply(200, { pods: [withOdd] })
      .get('/v2/pods/p1')
      .reply(200, withOdd);
    const [listed] = await provider().listCompute({});
    const got = await provider().getCompute('p1');
    for (const compute of [listed, got]) {
      expect(compute?.ports).toEqual([
        { internal: 22, external: 34446, protocol: 'tcp', url: 'tcp://195.26.233.3:34446' },
      ]);
      expect((compute?.raw as { runtime?: { ports: unknown[] } } | undefined)?.runtime?.ports).toEqual(ports);
    }
  });
});
