import { createVast, type VastSettings } from '@atlas/vast';
import { startVastFake, type VastFake } from '@atlas/vast/testing';
import { countingFetch } from './counting-fetch.js';

export interface VastRig {
  readonly fake: VastFake;
  readonly provider: ReturnType<typeof createVast>;
  /** Requests that left the client, whatever became of them. */
  requests(): number;
  close(): Promise<void>;
}

/** The real @atlas/vast provider pointed at its stateful fake, with a fetch that counts what it sends. */
export async function startVastRig(
  settings: Omit<VastSettings, 'baseUrl' | 'fetch' | 'apiKey'> = {},
): Promise<VastRig> {
  const fake = await startVastFake({ provisioningMs: 20 });
  const { fetch, requests } = countingFetch();
  // No client-side spacing: the cases make a few calls each, and the limiter would only slow them.
  const provider = createVast({ apiKey: fake.apiKey, baseUrl: fake.url, fetch, minIntervalMs: 0, ...settings });
  return { fake, provider, requests, close: () => fake.close() };
}
