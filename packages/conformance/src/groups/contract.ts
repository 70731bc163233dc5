import { type Capability, type Compute, isCapability } from '@atlas/core';
import { CAPABILITY_METHODS } from '@atlas/core/provider';
import { expect, it } from 'vitest';
import { collect } from '../collect.js';
import type { Harness } from '../harness.js';
import { expectRejects } from '../rejection.js';
import { uniqueName } from '../settings.js';

/** Capabilities are honest: the optional methods match them, and declared features really work. */
export function contractGroup(h: Harness, declared: readonly Capability[]): void {
  const { testMs } = h.timeouts;
  const declares = (capability: Capability) => declared.includes(capability);
  const running = () => h.spawnRunning({ name: uniqueName('contract') });

  it('has a non-empty string id', () => {
    expect(typeof h.provider().id === 'string' && h.provider().id.length > 0, 'provider.id').toBe(true);
  });

  it('declares only known capabilities', () => {
    const unknown = h.provider().capabilities.filter((c) => !isCapability(c));
    expect(unknown, 'capabilities that are not in CAPABILITIES').toEqual([]);
  });

  it('declares each capability at most once', () => {
    const seen = h.provider().capabilities;
    expect(
      seen.filter((c, i) => seen.indexOf(c) !== i),
      'duplicated capabilities',
    ).toEqual([]);
  });

  for (const [capability, methods] of Object.entries(CAPABILITY_METHODS)) {
    it(`has ${methods.join(', ')} exactly when it declares ${capability}`, () => {
      const provider = h.provider() as unknown as Record<string, unknown>;
      const present = methods.filter((m) => typeof provider[m] === 'function');
      if (h.provider().capabilities.includes(capability as Capability))
        expect(present, `declares ${capability} but lacks methods`).toEqual([...methods]);
      else expect(present, `has ${capability} methods without declaring ${capability}`).toEqual([]);
    });
  }

  if (declares('stop_start')) {
    it(
      'declares stop_start, so stop leaves the compute stopped',
      async () => {
        const compute = await running();
        await h.provider().stop(compute.id, h.ctx());
        await h.waitForStatus(
          compute.id,
          ['stopped'],
          `declares stop_start, but compute ${compute.id} did not become stopped after stop`,
        );
      },
      testMs,
    );

    it(
      'declares stop_start, so start brings a stopped compute back',
      async () => {
        const compute = await running();
        await h.provider().stop(compute.id, h.ctx());
        await h.waitForStatus(compute.id, ['stopped'], `compute ${compute.id} should be stopped before start`);
        await h.provider().start(compute.id, h.ctx());
        await h.waitForStatus(
          compute.id,
          ['running'],
          `declares stop_start, but compute ${compute.id} did not come back after start`,
        );
      },
      testMs,
    );
  } else {
    it(
      'does not declare stop_start, so stop rejects unsupported',
      async () => {
        const compute = await running();
        await expectRejects(() => h.provider().stop(compute.id, h.ctx()), ['unsupported'], h.provider().id, 'stop');
      },
      testMs,
    );

    it(
      'does not declare stop_start, so start rejects unsupported',
      async () => {
        const compute = await running();
        await expectRejects(() => h.provider().start(compute.id, h.ctx()), ['unsupported'], h.provider().id, 'start');
      },
      testMs,
    );
  }

  if (declares('spot')) {
    it(
      'declares spot, so a spot request spawns',
      async () => {
        const compute = await h.spawn({ name: uniqueName('spot'), spot: true });
        expect(compute.id, 'a spot spawn returns a compute id').toEqual(expect.any(String));
      },
      testMs,
    );
  }

  if (declares('http_proxy')) {
    it(
      'declares http_proxy, so an http port gets a URL',
      async () => {
        const port = portOf(await portsCompute(), 'http');
        expect(port?.url, 'declares http_proxy, but the http port has no url').toMatch(/^https?:\/\//);
      },
      testMs,
    );
  }

  if (declares('raw_tcp')) {
    it(
      'declares raw_tcp, so a tcp port gets a public address',
      async () => {
        const compute = await portsCompute();
        const port = portOf(compute, 'tcp');
        const reachable = port?.url !== undefined || (compute.publicIp !== undefined && port?.external !== undefined);
        expect(reachable, `declares raw_tcp, but the tcp port is not reachable: ${JSON.stringify(port)}`).toBe(true);
      },
      testMs,
    );
  }

  if (declares('symmetric_ports')) {
    it(
      'declares symmetric_ports, so a tcp port keeps its number outside',
      async () => {
        const port = portOf(await portsCompute(), 'tcp');
        expect(port?.external, 'declares symmetric_ports, but the external tcp port differs').toBe(port?.internal);
      },
      testMs,
    );
  }

  if (declares('logs')) {
    const secret = `atlas-conformance-secret-${globalThis.crypto.randomUUID()}`;
    const logged = async () => {
      const compute = await h.spawn({
        name: uniqueName('logs'),
        auth: 'bearer',
        env: { ATLAS_CONFORMANCE_SECRET: secret },
      });
      await h.waitForStatus(compute.id, ['running'], `compute ${compute.id} should become running`);
      const logs = h.provider().logs;
      if (typeof logs !== 'function') return expect.fail('declares logs, but the provider has no logs method');
      const lines = await collect(
        logs.call(h.provider(), compute.id, {}, h.ctx()),
        h.timeouts.readyMs,
        'logs without follow',
      );
      return { compute, lines };
    };

    it(
      'declares logs, so logs of a compute yields string lines, then ends without follow',
      async () => {
        const { lines } = await logged();
        expect(
          lines.filter((line) => typeof line !== 'string'),
          'log lines that are not strings',
        ).toEqual([]);
      },
      testMs,
    );

    it(
      'declares logs, so logs never show env values or the bearer token',
      async () => {
        const { compute, lines } = await logged();
        await h.expectNoLeaks(lines, 'the log lines', [
          { label: 'an env value', value: secret },
          ...(compute.auth === undefined ? [] : [{ label: 'the bearer token', value: compute.auth.token }]),
        ]);
      },
      testMs,
    );

    it(
      'declares logs, so logs with tail yields only the last lines of the backlog',
      async () => {
        const { compute, lines } = await logged();
        const logs = h.provider().logs;
        if (typeof logs !== 'function') return expect.fail('declares logs, but the provider has no logs method');
        const tail = await collect(
          logs.call(h.provider(), compute.id, { tail: 1 }, h.ctx()),
          h.timeouts.readyMs,
          'logs with tail 1',
        );
        expect(lines.length, 'lines of the whole backlog (the compute must have logged something)').toBeGreaterThan(1);
        expect(tail, 'logs with { tail: 1 } (rule: only the last N lines already written)').toEqual([lines.at(-1)]);
      },
      testMs,
    );

    it(
      'declares logs, so logs of an unknown id rejects not_found',
      async () => {
        const missing = `atlas-conformance-missing-${globalThis.crypto.randomUUID()}`;
        const p = h.provider();
        const logs = p.logs;
        if (typeof logs !== 'function') return expect.fail('declares logs, but the provider has no logs method');
        // Opened inside the call, so that a logs that throws at once is checked like one that rejects.
        await h.rejects(
          () => collect(logs.call(p, missing, {}, h.ctx()), h.timeouts.readyMs, 'logs of an unknown id'),
          ['not_found'],
          'logs of an unknown id',
        );
      },
      testMs,
    );
  }

  if (declares('network_volumes')) {
    h.withHooks(
      ['createNetworkVolume'],
      'declares network_volumes, so a spawn attaches an existing volume',
      async () => {
        const volume = await h.hooks.createNetworkVolume?.(h.provider());
        expect(volume, 'hooks.createNetworkVolume returned a volume id').toEqual(expect.any(String));
        const compute = await h.spawn({ name: uniqueName('volume'), networkVolumeId: volume });
        expect(compute.id, 'a spawn with networkVolumeId returns a compute id').toEqual(expect.any(String));
      },
    );

    it(
      'declares network_volumes, so a spawn with a volume that does not exist rejects and creates nothing',
      async () => {
        const name = uniqueName('volume-missing');
        await h.rejects(
          () =>
            h.provider().spawnCompute(
              h.request({
                name,
                networkVolumeId: `atlas-conformance-missing-${globalThis.crypto.randomUUID().slice(0, 8)}`,
              }),
              h.ctx(),
            ),
          ['not_found', 'validation'],
          'spawn with an unknown networkVolumeId',
        );
        const created = await h.provider().listCompute({ name }, h.ctx());
        for (const c of created) h.track(c.id);
        expect(
          created.filter((c) => c.status !== 'terminated').map((c) => c.id),
          'computes created anyway',
        ).toEqual([]);
      },
      testMs,
    );
  }

  if (declares('global_networking')) {
    h.withHooks(
      ['globalNetworking'],
      'declares global_networking, so a compute gets it when asked, and only then',
      async () => {
        const global = h.hooks.globalNetworking?.(h.provider());
        if (global === undefined) return expect.fail('hooks.globalNetworking returned nothing');
        const asked = await h.spawn({ name: uniqueName('global'), ...global.request });
        const plain = await h.spawn({ name: uniqueName('global-not') });
        expect(await global.isEnabled(asked.id), 'global networking of a compute that asked for it').toBe(true);
        expect(await global.isEnabled(plain.id), 'global networking of a compute that did not ask').toBe(false);
      },
    );
  }

  /** A running compute with one port of each protocol the provider declares. */
  const portsCompute = async () => {
    const ports = [
      ...(declares('http_proxy') ? [{ port: 8000, protocol: 'http' as const }] : []),
      ...(declares('raw_tcp') || declares('symmetric_ports') ? [{ port: 2222, protocol: 'tcp' as const }] : []),
    ];
    const compute = await h.spawn({ name: uniqueName('ports'), ports });
    return h.waitForStatus(compute.id, ['running'], `compute ${compute.id} should become running`);
  };
}

function portOf(compute: Compute, protocol: 'http' | 'tcp') {
  return compute.ports.find((p) => p.protocol === protocol);
}
