import { isAtlasError, PRESHARED_KEY_ENV } from '@atlas/core';
import { describe, expect, it } from 'vitest';
import { eventually, providerFor, useFake } from './fake-helpers.js';
import { rejection } from './helpers.js';

describe('the fake: instances boot, terminate and go', () => {
  const t = useFake({ bootMs: 20, terminateMs: 20, terminatedRetentionMs: 300 });

  it('booting -> active; terminating -> terminated; then 404 (not_found)', async () => {
    const lambda = providerFor(t.fake);
    const compute = await lambda.spawnCompute({ gpu: 'h100', image: 'x' });
    expect(['provisioning', 'running']).toContain(compute.status);
    await eventually(
      () => lambda.getCompute(compute.id),
      (c) => c.status === 'running',
    );
    await lambda.terminate(compute.id);
    // terminated for a while, then gone: a slow poll may only see the second.
    const after = await eventually(
      () =>
        lambda.getCompute(compute.id).then(
          (c) => c.status,
          (error: unknown) => (isAtlasError(error) ? error.kind : 'not an AtlasError'),
        ),
      (s) => s === 'terminated' || s === 'not_found',
    );
    expect(['terminated', 'not_found']).toContain(after);
    // Lambda's list holds live instances only: a terminating VM (which Atlas already reports as
    // `terminated`) is listed until it is gone, so the list drops it a moment later.
    const listed = await eventually(
      () => lambda.listCompute(),
      (list) => !list.some((c) => c.id === compute.id),
    );
    expect(listed.map((c) => c.id)).not.toContain(compute.id);
    const gone = await eventually(
      () =>
        lambda.getCompute(compute.id).then(
          () => undefined,
          (error: unknown) => error,
        ),
      (error) => error !== undefined,
    );
    expect(isAtlasError(gone) && gone.kind).toBe('not_found');
    expect((await rejection(lambda.terminate(compute.id))).kind).toBe('not_found');
  });

  it('the conformance hooks: a failed VM is failed, a preempted one too', async () => {
    const lambda = providerFor(t.fake);
    const a = await lambda.spawnCompute({ gpu: 'h100', image: 'x' });
    const b = await lambda.spawnCompute({ gpu: 'h100', image: 'x' });
    t.fake.hooks.failCompute(a.id);
    t.fake.hooks.preemptCompute(b.id);
    expect((await lambda.getCompute(a.id)).status).toBe('failed');
    expect((await lambda.getCompute(b.id)).status).toBe('failed');
  });

  it('ports open through a ruleset of the instance, and the container runs what was asked', async () => {
    const lambda = providerFor(t.fake);
    const compute = await lambda.spawnCompute({
      gpu: 'h100',
      image: 'ghcr.io/me/infer:1',
      ports: [{ port: 8000 }, { port: 9000, protocol: 'tcp' }],
      env: { MODE: 'fast' },
      auth: 'bearer',
    });
    const vm = t.fake.instance(compute.id);
    expect(vm?.image).toBe('ghcr.io/me/infer:1');
    expect(vm?.env).toEqual({ MODE: 'fast', [PRESHARED_KEY_ENV]: compute.auth?.token });
    const rulesets = t.fake.firewallRulesets();
    expect(rulesets).toHaveLength(1);
    expect(rulesets[0]?.instanceIds).toEqual([compute.id]);
    expect(vm?.firewallRulesetIds).toEqual([rulesets[0]?.id]);
    const running = await eventually(
      () => lambda.getCompute(compute.id),
      (c) => c.publicIp !== undefined,
    );
    expect(running.ports.map((p) => p.url)).toEqual([
      `http://${running.publicIp}:8000`,
      `tcp://${running.publicIp}:9000`,
    ]);
  });

  it('a ruleset the VM still held at terminate is swept by the next terminate', async () => {
    const lambda = providerFor(t.fake);
    const a = await lambda.spawnCompute({ gpu: 'h100', image: 'x', ports: [{ port: 8000 }] });
    const b = await lambda.spawnCompute({ gpu: 'h100', image: 'x', ports: [{ port: 8000 }] });
    const [aRuleset] = t.fake.instance(a.id)?.firewallRulesetIds ?? [];
    // While a VM is terminating Lambda refuses to delete its ruleset; whether this one still was is up to the clock.
    await lambda.terminate(a.id);
    await eventually(
      () => t.fake.instance(a.id)?.status,
      (s) => s === 'terminated',
    );
    await lambda.terminate(b.id);
    expect(t.fake.firewallRulesets().map((r) => r.id)).not.toContain(aRuleset);
  });
});

describe('the fake: a VM terminated at once leaves no ruleset', () => {
  const t = useFake({ terminateMs: 0 });

  it("terminate deletes the instance's ruleset", async () => {
    const lambda = providerFor(t.fake);
    const compute = await lambda.spawnCompute({ gpu: 'h100', image: 'x', ports: [{ port: 8000 }] });
    await lambda.terminate(compute.id);
    expect(t.fake.firewallRulesets()).toEqual([]);
  });
});

describe('the fake: capacity', () => {
  const t = useFake();

  it('a listed region that has no capacity after all: the next one is tried, its ruleset removed', async () => {
    t.fake.setCapacity('gpu_1x_h100_sxm5', ['us-south-3'], { listed: ['us-south-2', 'us-south-3'] });
    const compute = await providerFor(t.fake).spawnCompute({ gpu: 'h100_sxm', image: 'x', ports: [{ port: 8000 }] });
    expect(compute.region).toBe('us-south-3');
    expect(t.fake.faults.count('spawnCompute')).toBe(2);
    expect(t.fake.firewallRulesets().map((r) => r.region)).toEqual(['us-south-3']);
  });

  it('no capacity anywhere: capacity naming the regions tried', async () => {
    t.fake.setCapacity('gpu_1x_h100_sxm5', [], { listed: ['us-south-2', 'us-south-3'] });
    t.fake.setCapacity('gpu_1x_h100_pcie', []);
    const error = await rejection(providerFor(t.fake).spawnCompute({ gpu: 'h100', image: 'x' }));
    expect(error.kind).toBe('capacity');
    expect(error.details).toEqual({ regionsTried: ['us-south-2', 'us-south-3'] });
    expect(t.fake.instances()).toEqual([]);
  });
});

describe('the fake: launch rate limit', () => {
  const t = useFake({ launchesPerSecond: 20 });

  it('a burst of spawns queues behind the client-side limiter and all of them launch', async () => {
    // Spaced wider than the fake's limit; a 429 that jitter still causes is retried by core's policy.
    const lambda = providerFor(t.fake, { launchIntervalMs: 150, retry: { limit: 3, backoffMs: 50, maxDelayMs: 1000 } });
    const spawned = await Promise.all([1, 2, 3].map(() => lambda.spawnCompute({ gpu: 'h100', image: 'x' })));
    expect(new Set(spawned.map((c) => c.id)).size).toBe(3);
    expect(t.fake.instances()).toHaveLength(3);
  });
});

describe('the fake: launch rate limit, no client-side spacing', () => {
  const t = useFake({ launchesPerSecond: 1 });

  it('without the limiter the fake answers 429, which surfaces as rate_limited with retryAfterMs', async () => {
    const lambda = providerFor(t.fake, { launchIntervalMs: 0, retry: { limit: 0 } });
    const results = await Promise.allSettled([1, 2].map(() => lambda.spawnCompute({ gpu: 'h100', image: 'x' })));
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ kind: 'rate_limited' });
    expect(failed[0].retryAfterMs).toBeGreaterThan(0);
  });
});

describe('the fake: secrets', () => {
  const t = useFake();

  it('env values never come back: not in the Compute, raw, list, or an error', async () => {
    const canary = 'canary-secret-value-9f1c2e';
    const lambda = providerFor(t.fake);
    const compute = await lambda.spawnCompute({ gpu: 'h100', image: 'x', env: { TOKEN: canary } });
    expect(JSON.stringify(compute)).not.toContain(canary);
    expect(JSON.stringify(await lambda.getCompute(compute.id))).not.toContain(canary);
    expect(JSON.stringify(await lambda.listCompute())).not.toContain(canary);
    // A server that echoes the env back in an error: redacted, since spawn registered it.
    t.fake.faults.inject('getCompute', {
      status: 400,
      body: { error: { code: 'global/invalid-parameters', message: `bad value ${canary}` } },
    });
    const error = await rejection(lambda.getCompute(compute.id));
    expect(JSON.stringify(error)).not.toContain(canary);
    expect(error.message).not.toContain(canary);
  });
});

describe('the fake: the Atlas SSH key', () => {
  const t = useFake();

  it('is created once per account and reused by every provider', async () => {
    await providerFor(t.fake).spawnCompute({ gpu: 'h100', image: 'x' });
    await providerFor(t.fake).spawnCompute({ gpu: 'h100', image: 'x' });
    expect(t.fake.sshKeyNames()).toEqual(['atlas']);
    expect(t.fake.instances().map((i) => i.sshKeyNames)).toEqual([['atlas'], ['atlas']]);
  });
});

describe('the fake: CPU machines', () => {
  const t = useFake();

  it('a cpu request launches the cheapest CPU flavor that fits; listCpuTypes shows it', async () => {
    const lambda = providerFor(t.fake);
    const compute = await lambda.spawnCompute({ cpu: { vcpus: 2 }, image: 'x' });
    expect(t.fake.instance(compute.id)?.instanceType).toBe('cpu_4x_general');
    expect(compute).toMatchObject({ gpuCount: 0, vcpus: 4, memoryGb: 16 });
    expect(compute.gpuType).toBeUndefined();
    expect((await lambda.listCpuTypes()).map((c) => c.id)).toEqual(['cpu_4x_general']);
    expect((await lambda.listGpuTypes()).map((g) => g.id)).not.toContain('cpu_4x_general');
  });

  it('no CPU flavor that big: unsupported naming the flavors, nothing launched', async () => {
    const error = await rejection(providerFor(t.fake).spawnCompute({ cpu: { vcpus: 64 }, image: 'x' }));
    expect(error.kind).toBe('unsupported');
    expect(error.message).toContain('cpu_4x_general');
    expect(t.fake.faults.count('spawnCompute')).toBe(0);
  });
});

describe('the fake: a deleted Atlas SSH key', () => {
  const t = useFake();

  it('fails the launch once (not_found), then the next spawn creates the key again', async () => {
    const lambda = providerFor(t.fake);
    await lambda.spawnCompute({ gpu: 'h100', image: 'x' });
    for (const key of await lambda.sshKeys.list()) await lambda.sshKeys.delete(key.id);
    expect((await rejection(lambda.spawnCompute({ gpu: 'h100', image: 'x' }))).kind).toBe('not_found');
    await lambda.spawnCompute({ gpu: 'h100', image: 'x' });
    expect(t.fake.sshKeyNames()).toEqual(['atlas']);
  });
});
