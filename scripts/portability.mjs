// One script, run unchanged on Node, Bun and Deno against the packed packages (scripts/check-runtimes.mjs
// installs them in a scratch project and runs it there): every runtime-agnostic package does what an
// app does with it. Plain JavaScript on purpose: no TypeScript loader differs between the runtimes.
// Exits 1 on the first failure; prints one line per check.
import assert from 'node:assert/strict';
import { createAtlas, isAtlasError, mintToken, signUrl, verifySignedUrl, verifyToken } from '@atlas/core';
import { createLambdaLabs } from '@atlas/lambda-labs';
import { startLambdaFake } from '@atlas/lambda-labs/testing';
import { createMock } from '@atlas/mock';
import { createOrchestrator } from '@atlas/orchestrator';
import { place } from '@atlas/placement';
import { createRunPod } from '@atlas/runpod';
import { startRunPodFake } from '@atlas/runpod/testing';
import { createFly } from '@atlas/stub-fly';
import { createVast } from '@atlas/vast';
import { startVastFake } from '@atlas/vast/testing';

const runtime =
  typeof globalThis.Bun !== 'undefined'
    ? `bun ${globalThis.Bun.version}`
    : typeof globalThis.Deno !== 'undefined'
      ? `deno ${globalThis.Deno.version.deno}`
      : `node ${process.versions.node}`;
const check = async (name, body) => {
  await body();
  console.log(`  ok ${name}`);
};
const REQUEST = { gpu: 'h100', image: 'ghcr.io/acme/infer:1', ports: [{ port: 8000, protocol: 'http' }] };

/** spawn, get, list, terminate, one job (when the cloud runs jobs) and one error through createAtlas, on one provider. */
async function lifecycle(atlas, provider, jobEndpoint) {
  await check(`${provider}: spawn, get, list, terminate`, async () => {
    const pod = await atlas.spawnCompute({ ...REQUEST, name: `portable-${provider}`, auth: 'bearer' }, { provider });
    assert.equal(pod.provider, provider);
    assert.ok(pod.auth?.header.startsWith('Bearer '));
    assert.equal((await atlas.getCompute(pod.id, { provider })).id, pod.id);
    const listed = await atlas.listCompute({ namePrefix: 'portable-' }, { provider });
    assert.deepEqual(
      listed.map((c) => c.id),
      [pod.id],
    );
    await atlas.terminate(pod.id, { provider });
  });
  if (jobEndpoint !== undefined)
    await check(`${provider}: a job`, async () => {
      const job = await atlas.runJob({ endpoint: jobEndpoint, input: { prompt: 'hello' }, mode: 'sync' }, { provider });
      assert.equal(job.status, 'completed');
      const again = await atlas.getJob({ endpoint: jobEndpoint, id: job.id }, { provider });
      assert.equal(again.id, job.id);
    });
  await check(`${provider}: an error`, async () => {
    const error = await atlas.getCompute('doesnotexist0000', { provider }).then(
      () => assert.fail('getCompute of a missing id resolved'),
      (e) => e,
    );
    assert.ok(isAtlasError(error), String(error));
    assert.equal(error.kind, 'not_found');
  });
}

console.log(`portability on ${runtime}`);
const fake = await startRunPodFake({ provisioningMs: 20, startingMs: 20 });
const lambdaFake = await startLambdaFake();
const vastFake = await startVastFake();
try {
  const atlas = createAtlas({
    providers: {
      mock: createMock({ provisioningMs: 20 }),
      runpod: createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url, runtimeBaseUrl: fake.runtimeUrl }),
      fly: createFly(),
      'lambda-labs': createLambdaLabs({ apiKey: lambdaFake.apiKey, baseUrl: lambdaFake.url }),
      vast: createVast({ apiKey: vastFake.apiKey, baseUrl: vastFake.url }),
    },
  });
  await lifecycle(atlas, 'mock', 'mock-endpoint');
  await lifecycle(atlas, 'runpod', 'atlas-conformance');
  await lifecycle(atlas, 'lambda-labs');
  await lifecycle(atlas, 'vast');

  await check('runpod: logs (server-sent events)', async () => {
    const pod = await atlas.spawnCompute({ ...REQUEST, name: 'portable-logs' }, { provider: 'runpod' });
    // Append once the boot is over: the fake logs the boot's lines ahead with future stamps, and a
    // read without follow stops at the first line stamped after it began, so a line appended
    // during the boot (earlier stamp, later in the stream) could come after that stop.
    while ((await atlas.getCompute(pod.id, { provider: 'runpod' })).status !== 'running') {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    fake.pods.appendLog(pod.id, 'hello from the pod');
    const lines = [];
    for await (const line of atlas.logs(pod.id, {}, { provider: 'runpod' })) lines.push(line);
    assert.ok(lines.includes('hello from the pod'), JSON.stringify(lines));
    await atlas.terminate(pod.id, { provider: 'runpod' });
  });

  await check('placement: the cheapest offer across mock and runpod', async () => {
    const providers = { mock: atlas.provider('mock'), runpod: atlas.provider('runpod') };
    const { compute, offer, attempts } = await place({ ...REQUEST, name: 'portable-placed' }, { providers });
    assert.equal(compute.provider, offer.provider);
    assert.equal(attempts.at(-1)?.outcome, 'placed');
    await providers[offer.provider].terminate(compute.id);
  });

  await check('the fly stub: unsupported, as an AtlasError', async () => {
    for (const provider of ['fly']) {
      const error = await atlas.spawnCompute(REQUEST, { provider }).then(
        () => assert.fail(`${provider} spawned`),
        (e) => e,
      );
      assert.ok(isAtlasError(error), `${provider}: ${error}`);
      assert.equal(error.kind, 'unsupported');
    }
  });

  await check('tokens and signed URLs', async () => {
    const auth = await mintToken();
    assert.equal(await verifyToken(auth.token, auth.hash), true);
    assert.equal(await verifyToken(`${auth.token}x`, auth.hash), false);
    const secret = 'portable-secret-0123456789';
    const url = await signUrl('https://pod.example.com/files/a.txt?x=1', { secret, expiresIn: 60 });
    assert.equal(await verifySignedUrl(url, { secret }), 'ok');
    assert.equal(await verifySignedUrl(url.replace('a.txt', 'b.txt'), { secret }), 'bad_signature');
  });

  await check('orchestrator: spawn, waitReady, release (runpod fake)', async () => {
    const orch = createOrchestrator({ atlas, provider: 'runpod', ownerId: 'portable', reapIntervalMs: 600_000 });
    try {
      const { session } = await orch.spawn({ ...REQUEST, userId: 'alice' });
      assert.equal((await orch.waitReady(session.id, { intervalMs: 20, timeoutMs: 10_000 })).status, 'running');
      await orch.release(session.id);
      assert.deepEqual(await orch.list(), []);
    } finally {
      await orch.close({ terminate: true });
    }
  });
} finally {
  await Promise.all([fake.close(), lambdaFake.close(), vastFake.close()]);
}
console.log(`portability on ${runtime}: all passed`);
