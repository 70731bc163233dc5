import { describe, expect, it } from 'vitest';
import { createLambdaLabs } from '../src/index.js';

/**
 * Against the real Lambda Cloud API: runs only with LAMBDA_API_KEY set, never in CI. It reads the
 * catalog and the instance list; it launches nothing (a launch bills by the hour).
 */
const key = process.env.LAMBDA_API_KEY;

describe.skipIf(key === undefined)('live: Lambda Cloud API', () => {
  const lambda = createLambdaLabs(key === undefined ? {} : { apiKey: key });

  it('lists instance types with prices', async () => {
    const types = await lambda.listGpuTypes();
    expect(types.length).toBeGreaterThan(0);
    expect(types.every((t) => (t.pricePerHour.secure ?? 0) > 0)).toBe(true);
  });

  it('lists instances, SSH keys, filesystems and images', async () => {
    expect(Array.isArray(await lambda.listCompute())).toBe(true);
    expect(Array.isArray(await lambda.sshKeys.list())).toBe(true);
    expect(Array.isArray(await lambda.fileSystems.list())).toBe(true);
    expect((await lambda.images()).length).toBeGreaterThan(0);
  });
});
