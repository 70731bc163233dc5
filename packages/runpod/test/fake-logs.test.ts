import { beforeEach, describe, expect, it } from 'vitest';
import { createRunPod } from '../src/index.js';
import { startRunPodFake } from '../src/testing/index.js';
import { eventually, fakeClient, podBody, useFake } from './contract/fake-http.js';

/** Parses a text/event-stream body into events of id + JSON data. */
function parseSse(text: string): Array<{ id: string; data: { ts: string; source: string; line: string } }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const fields = Object.fromEntries(
        block.split('\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
      );
      return { id: fields.id!, data: JSON.parse(fields.data!) };
    });
}

describe('RunPod fake: pod logs (server-sent events)', () => {
  const t = useFake();
  let podId: string;

  beforeEach(async () => {
    podId = ((await t.api('POST', '/v2/pods', podBody({ image: 'acme/infer:7' }))).body as { id: string }).id;
    await eventually(
      async () => t.fake.pods.status(podId),
      (s) => s === 'RUNNING',
    );
  });

  it('streams the boot log as SSE events with ts/seq ids and {ts, source, line} data', async () => {
    const res = await t.api('GET', `/v2/pods/${podId}/logs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(res.headers.get('x-accel-buffering')).toBe('no');
    const events = parseSse(res.text);
    expect(events.map((e) => e.data.line)).toEqual([
      'Pulling image acme/infer:7',
      'Starting container',
      'Container started',
    ]);
    for (const e of events) {
      expect(e.id).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z\/\d{12}$/);
      expect(e.id.startsWith(e.data.ts)).toBe(true);
    }
  });

  it('filters by source, tail and Last-Event-ID', async () => {
    t.fake.pods.appendLog(podId, 'model loaded');
    const container = parseSse((await t.api('GET', `/v2/pods/${podId}/logs?source=container`)).text);
    expect(container.map((e) => e.data.line)).toEqual(['Container started', 'model loaded']);
    const tail = parseSse((await t.api('GET', `/v2/pods/${podId}/logs?tail=1`)).text);
    expect(tail.map((e) => e.data.line)).toEqual(['model loaded']);
    const all = parseSse((await t.api('GET', `/v2/pods/${podId}/logs`)).text);
    const resumed = parseSse(
      (await t.api('GET', `/v2/pods/${podId}/logs`, undefined, { 'last-event-id': all[1]!.id })).text,
    );
    expect(resumed.map((e) => e.data.line)).toEqual(['Container started', 'model loaded']);
  });

  it('Last-Event-ID resumes after that event whatever tail says; since ignores tail too (the spec)', async () => {
    for (const line of ['a', 'b', 'c']) t.fake.pods.appendLog(podId, line);
    const all = parseSse((await t.api('GET', `/v2/pods/${podId}/logs?source=container`)).text);
    const first = all.find((e) => e.data.line === 'a')!;
    const resumed = parseSse(
      (await t.api('GET', `/v2/pods/${podId}/logs?source=container&tail=1`, undefined, { 'last-event-id': first.id }))
        .text,
    );
    expect(resumed.map((e) => e.data.line)).toEqual(['b', 'c']);
    const since = parseSse(
      (await t.api('GET', `/v2/pods/${podId}/logs?source=container&tail=1&since=${first.data.ts}`)).text,
    );
    expect(since.map((e) => e.data.line)).toContain('a');
    expect(since.length).toBeGreaterThan(1);
  });

  it('logs a stop', async () => {
    await t.api('POST', `/v2/pods/${podId}/action`, { action: 'stop' });
    const events = parseSse((await t.api('GET', `/v2/pods/${podId}/logs`)).text);
    expect(events.at(-1)!.data).toMatchObject({ source: 'system', line: 'Stopping container' });
  });
});

describe('RunPod fake: following pod logs', () => {
  it('keeps the stream open with followLogs and sends lines as they appear', async () => {
    const fake = await startRunPodFake({ followLogs: true });
    try {
      const api = fakeClient(fake);
      const pod = (await api('POST', '/v2/pods', podBody())).body as { id: string };
      const controller = new AbortController();
      const res = await fetch(`${fake.url}/v2/pods/${pod.id}/logs`, {
        headers: { authorization: `Bearer ${fake.apiKey}` },
        signal: controller.signal,
      });
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
      let text = '';
      // The boot lines arrive while the pod provisions and starts; then a line appended later.
      while (!text.includes('Container started')) text += (await reader.read()).value ?? '';
      fake.pods.appendLog(pod.id, 'late line');
      while (!text.includes('late line')) text += (await reader.read()).value ?? '';
      expect(parseSse(text).map((e) => e.data.line)).toEqual([
        'Pulling image runpod/pytorch:2.4.0',
        'Starting container',
        'Container started',
        'late line',
      ]);
      controller.abort();
    } finally {
      await fake.close();
    }
  });

  it("the provider's logs without follow end after idleMs on a stream that stays open, like the real one", async () => {
    const fake = await startRunPodFake({ followLogs: true });
    try {
      const runpod = createRunPod({ baseUrl: fake.url, apiKey: fake.apiKey });
      const pod = await runpod.spawnCompute({ gpu: 'rtx_4090', image: 'acme/infer:7' });
      await eventually(
        async () => fake.pods.status(pod.id),
        (s) => s === 'RUNNING',
      );
      const lines: string[] = [];
      for await (const line of runpod.logs(pod.id, { idleMs: 1_000 })) lines.push(line);
      expect(lines).toEqual(['Pulling image acme/infer:7', 'Starting container', 'Container started']);
    } finally {
      await fake.close();
    }
  });

  it("the provider's follow ends when the pod is stopped (the stream ends, the pod is EXITED)", async () => {
    const fake = await startRunPodFake({ followLogs: true });
    try {
      const runpod = createRunPod({ baseUrl: fake.url, apiKey: fake.apiKey });
      const pod = await runpod.spawnCompute({ gpu: 'rtx_4090', image: 'acme/infer:7' });
      const lines: string[] = [];
      for await (const line of runpod.logs(pod.id, { follow: true })) {
        lines.push(line);
        if (line === 'Container started') await runpod.stop(pod.id);
      }
      expect(lines.at(-1)).toBe('Stopping container');
    } finally {
      await fake.close();
    }
  });

  it('ends a following stream when the pod is deleted', async () => {
    const fake = await startRunPodFake({ followLogs: true });
    try {
      const api = fakeClient(fake);
      const pod = (await api('POST', '/v2/pods', podBody())).body as { id: string };
      const res = await fetch(`${fake.url}/v2/pods/${pod.id}/logs`, {
        headers: { authorization: `Bearer ${fake.apiKey}` },
      });
      await api('DELETE', `/v2/pods/${pod.id}`);
      const text = await res.text();
      expect(parseSse(text)[0]!.data.line).toBe('Pulling image runpod/pytorch:2.4.0');
    } finally {
      await fake.close();
    }
  });
});
