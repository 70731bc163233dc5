import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/run-cli.js';

const KEY = 'rp_test_key_cli_placement_01';
let fake: RunPodFake;
/** With two providers, --api-key and --base-url belong to none: the keys come from the environment. */
let env: Record<string, string>;

beforeAll(async () => {
  fake = await startRunPodFake({ apiKey: KEY, provisioningMs: 200 });
  env = { RUNPOD_API_KEY: KEY, ATLAS_RUNPOD_BASE_URL: fake.url, ATLAS_RUNPOD_RUNTIME_URL: fake.runtimeUrl };
});
afterAll(() => fake.close());

interface OfferJson {
  provider: string;
  nativeId: string;
  pricePerHour: number;
}

describe('placement from the CLI (the RunPod fake and the mock)', () => {
  it('quote lists offers from both providers, cheapest first', async () => {
    const r = await runCli(['quote', '--gpu', 'h100', '--provider', 'runpod,mock', '--json'], { env });
    expect(r.code).toBe(0);
    const { offers, errors } = JSON.parse(r.stdout) as { offers: OfferJson[]; errors: unknown[] };
    expect(errors).toEqual([]);
    expect(new Set(offers.map((o) => o.provider))).toEqual(new Set(['runpod', 'mock']));
    const prices = offers.map((o) => o.pricePerHour);
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
  });

  it('quote as a table says when each price was read', async () => {
    const r = await runCli(['quote', '--gpu', 'h100', '--provider', 'mock'], { env });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('read at');
    expect(r.stdout).toMatch(/\$\d+\.\d\d/);
  });

  it('spawn across providers places on the cheapest offer and shows every attempt', async () => {
    const quoted = await runCli(['quote', '--gpu', 'h100', '--provider', 'runpod,mock', '--json'], { env });
    const cheapest = (JSON.parse(quoted.stdout) as { offers: OfferJson[] }).offers[0]!;
    const r = await runCli(['spawn', '--gpu', 'h100', '--image', 'busybox', '--provider', 'runpod,mock', '--json'], {
      env,
    });
    expect(r.code).toBe(0);
    const placed = JSON.parse(r.stdout) as {
      compute: { provider: string; costPerHour: number };
      offer: OfferJson;
      attempts: { outcome: string }[];
    };
    expect(placed.offer).toMatchObject({ provider: cheapest.provider, pricePerHour: cheapest.pricePerHour });
    expect(placed.compute.provider).toBe(cheapest.provider);
    expect(placed.attempts.at(-1)?.outcome).toBe('placed');
  });

  it('spawn --max-price below every offer rents nothing and exits 1 with capacity', async () => {
    const ids = async () =>
      (JSON.parse((await runCli(['ls', '--provider', 'runpod', '--json'], { env })).stdout) as { id: string }[]).map(
        (c) => c.id,
      );
    const before = await ids();
    const r = await runCli(
      ['spawn', '--gpu', 'h100', '--image', 'busybox', '--provider', 'runpod,mock', '--max-price', '0.01'],
      {
        env,
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('No machine placed');
    expect(await ids()).toEqual(before);
  });

  it('refuses a bad --max-price and an unknown provider before any request', async () => {
    expect(
      (await runCli(['spawn', '--gpu', 'h100', '--image', 'x', '--provider', 'mock', '--max-price', 'lots'])).code,
    ).toBe(2);
    expect((await runCli(['quote', '--gpu', 'h100', '--provider', 'mock,nope'])).code).toBe(2);
  });
});
