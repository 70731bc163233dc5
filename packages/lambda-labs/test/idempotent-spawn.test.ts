import { describe, expect, it } from 'vitest';
import { eventually, providerFor, useFake } from './fake-helpers.js';
import { rejection } from './helpers.js';

const marker = (tags: readonly { key: string; value: string }[]) => tags.find((t) => t.key === 'atlas-attempt')?.value;

describe('spawn: a launch is never re-sent after an ambiguous failure', () => {
  const t = useFake();

  it('a 500 after the VM was created: adopted by its marker, one launch, one instance', async () => {
    t.fake.faults.inject('spawnCompute', { status: 500, afterCreate: true });
    const compute = await providerFor(t.fake).spawnCompute({ gpu: 'h100', image: 'x', name: 'adopt-500' });
    expect(t.fake.faults.count('spawnCompute')).toBe(1);
    expect(t.fake.instances().map((i) => i.id)).toEqual([compute.id]);
  });

  it('a reset after the VM was created: adopted the same way', async () => {
    t.fake.faults.inject('spawnCompute', { resetConnection: true, afterCreate: true });
    const compute = await providerFor(t.fake).spawnCompute({ gpu: 'h100', image: 'x' });
    expect(t.fake.instances().map((i) => i.id)).toEqual([compute.id]);
    expect(t.fake.faults.count('spawnCompute')).toBe(1);
  });

  it('a 500 with nothing created fails closed: possiblyCreated, the marker to look for, no second launch', async () => {
    t.fake.faults.inject('spawnCompute', { status: 500, times: 5 });
    const error = await rejection(providerFor(t.fake).spawnCompute({ gpu: 'h100', image: 'x', name: 'closed' }));
    expect(error.retryable).toBe(false);
    expect(error.details).toMatchObject({ possiblyCreated: true, lookFor: { name: 'closed' } });
    expect(error.message).toContain('closed');
    expect(t.fake.faults.count('spawnCompute')).toBe(1);
  });

  it('a launch that lands after the client timed out is not re-sent; it carries the marker the error names', async () => {
    t.fake.faults.inject('spawnCompute', { commitAfterMs: 300 });
    const error = await rejection(
      providerFor(t.fake).spawnCompute({ gpu: 'h100', image: 'x', name: 'late' }, { timeoutMs: 100 }),
    );
    expect(error.details?.possiblyCreated).toBe(true);
    const wanted = (error.details?.lookFor as { marker: string } | undefined)?.marker;
    const [late] = await eventually(
      () => t.fake.instances(),
      (all) => all.length > 0,
    );
    expect(marker(late?.tags ?? [])).toBe(wanted);
    expect(t.fake.faults.count('spawnCompute')).toBe(1);
  });

  it('a clear refusal (4xx) is rethrown as it is, and the ruleset made for it is deleted', async () => {
    t.fake.faults.inject('spawnCompute', {
      status: 400,
      body: { error: { code: 'global/quota-exceeded', message: 'Quota exceeded.', suggestion: 'Contact Support.' } },
    });
    const error = await rejection(
      providerFor(t.fake).spawnCompute({ gpu: 'h100', image: 'x', ports: [{ port: 8000 }] }),
    );
    expect(error.kind).toBe('forbidden');
    expect(error.details).toBeUndefined();
    expect(t.fake.firewallRulesets()).toEqual([]);
  });

  it('an abort while the launch is in flight fails closed without a lookup', async () => {
    t.fake.faults.inject('spawnCompute', { delayMs: 5_000 });
    const controller = new AbortController();
    const spawn = providerFor(t.fake).spawnCompute({ gpu: 'h100', image: 'x' }, { signal: controller.signal });
    // Abort once the launch has reached the server, not while the catalog is still being read.
    await eventually(
      () => t.fake.faults.count('spawnCompute'),
      (n) => n === 1,
    );
    controller.abort();
    const error = await rejection(spawn);
    expect(error.details?.possiblyCreated).toBe(true);
    expect(t.fake.faults.count('listCompute')).toBe(0);
  });
});

describe('spawn: the same idempotency key', () => {
  const t = useFake();

  it('returns the instance the first spawn made, without a second launch', async () => {
    const lambda = providerFor(t.fake);
    const first = await lambda.spawnCompute({ gpu: 'h100', image: 'x' }, { idempotencyKey: 'order-42' });
    const again = await lambda.spawnCompute({ gpu: 'h100', image: 'x' }, { idempotencyKey: 'order-42' });
    expect(again.id).toBe(first.id);
    expect(t.fake.faults.count('spawnCompute')).toBe(1);
  });

  it("with auth 'bearer' refuses (conflict): the token lives only in the VM", async () => {
    const lambda = providerFor(t.fake);
    await lambda.spawnCompute({ gpu: 'h100', image: 'x', auth: 'bearer' }, { idempotencyKey: 'order-43' });
    const error = await rejection(
      lambda.spawnCompute({ gpu: 'h100', image: 'x', auth: 'bearer' }, { idempotencyKey: 'order-43' }),
    );
    expect(error.kind).toBe('conflict');
  });

  it('a long key is hashed into a tag value Lambda accepts', async () => {
    const key = 'k'.repeat(300);
    const lambda = providerFor(t.fake);
    const first = await lambda.spawnCompute({ gpu: 'h100', image: 'x' }, { idempotencyKey: key });
    expect((await lambda.spawnCompute({ gpu: 'h100', image: 'x' }, { idempotencyKey: key })).id).toBe(first.id);
    expect(marker(t.fake.instance(first.id)?.tags ?? [])?.length).toBeLessThanOrEqual(128);
  });
});
