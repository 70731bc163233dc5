import { createLambdaLabs, type LambdaLabsSettings } from '@atlas/lambda-labs';
import { type LambdaFake, startLambdaFake } from '@atlas/lambda-labs/testing';
import { countingFetch } from './counting-fetch.js';

export interface LambdaRig {
  readonly fake: LambdaFake;
  readonly provider: ReturnType<typeof createLambdaLabs>;
  /** Requests that left the client, whatever became of them. */
  requests(): number;
  close(): Promise<void>;
}

/** The real @atlas/lambda-labs provider pointed at its stateful fake, with a fetch that counts what it sends. */
export async function startLambdaRig(
  settings: Omit<LambdaLabsSettings, 'baseUrl' | 'fetch' | 'apiKey'> = {},
): Promise<LambdaRig> {
  const fake = await startLambdaFake({ bootMs: 20, terminateMs: 20 });
  const { fetch, requests } = countingFetch();
  const provider = createLambdaLabs({
    apiKey: fake.apiKey,
    baseUrl: fake.url,
    fetch,
    launchIntervalMs: 0,
    ...settings,
  });
  return { fake, provider, requests, close: () => fake.close() };
}
