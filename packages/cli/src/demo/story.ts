import type { Compute, GpuType } from '@atlas/core';
import { cheapestPrice, money, renderCompute } from '../output/format.js';
import type { Output } from '../output/output.js';
import { renderTable } from '../output/table.js';
import { formatDuration } from '../parse/duration.js';
import type { Target } from '../session.js';
import { waitForStatus } from '../wait.js';

/** What a demo runs against: a provider ready to call, a serverless endpoint, and a line about where. */
export interface DemoStage {
  readonly target: Target;
  readonly endpoint: string;
  readonly headline: string;
  /** Poll interval for waits; short, since a fake or the mock answers in milliseconds. */
  readonly pollMs: number;
}

interface Step {
  readonly title: string;
  readonly ms: number;
}

/**
 * The story every new user sees: catalog, spawn with bearer auth, wait, connect, a streamed job,
 * stop, start, terminate, and a summary with timings. It cleans up even when a step fails.
 */
export async function runStory(stage: DemoStage, out: Output, signal: AbortSignal): Promise<void> {
  const { target } = stage;
  const { atlas, provider } = target;
  const steps: Step[] = [];
  const c = out.color;
  const step = async <T>(title: string, body: () => Promise<T>): Promise<T> => {
    out.line(`\n${c.bold(c.cyan(`${steps.length + 1}. ${title}`))}`);
    const started = performance.now();
    const result = await body();
    steps.push({ title, ms: performance.now() - started });
    return result;
  };
  const storyStarted = performance.now();
  out.line(c.bold(stage.headline));

  const gpus = await step('List GPUs with prices', async () => {
    const all = await atlas.listGpuTypes();
    return all.sort((a, b) => cheapestPrice(a) - cheapestPrice(b));
  });
  printCatalog(out, gpus);

  let pod: Compute | undefined;
  try {
    pod = await step('Spawn an H100 pod with bearer auth', () =>
      atlas.spawnCompute({
        gpu: 'h100',
        gpuCount: 1,
        image: 'vllm/vllm-openai:latest',
        name: 'atlas-demo',
        ports: [{ port: 8000, protocol: 'http' }],
        env: { MODEL: 'Qwen/Qwen3-0.6B' },
        auth: 'bearer',
      }),
    );
    out.line(renderCompute(pod, c));
    const auth = pod.auth;
    const id = pod.id;

    const running = await step('Wait until it is running', () =>
      waitForStatus(target, id, 'running', out, { timeoutMs: 60_000, intervalMs: stage.pollMs, signal }),
    );

    await step('Connect: proxy URL and Authorization header', async () => {
      const url = running.ports.find((p) => p.protocol === 'http')?.url ?? '(no HTTP URL reported)';
      out.line(`URL            ${url}`);
      out.line(`Authorization  ${auth?.header ?? '(none: the provider returned no token)'}`);
      out.line(c.dim(`curl -H 'Authorization: ${auth?.header ?? ''}' ${url}/v1/models`));
      out.line(
        c.dim(
          'The token is shown once; Atlas keeps only its SHA-256 hash, and the pod gets it as ATLAS_PRESHARED_KEY.',
        ),
      );
    });

    // A cloud without serverless (Lambda) or without stop (Lambda again) skips those steps.
    if (provider.capabilities.includes('serverless')) {
      await step(`Run a serverless job on endpoint ${stage.endpoint} and stream its output`, async () => {
        const job = await atlas.runJob({ endpoint: stage.endpoint, input: { prompt: 'Say hello from Atlas' } });
        out.line(`job ${job.id}: ${job.status}`);
        for await (const chunk of atlas.streamJob(job)) {
          out.line(
            `  ${c.dim(`[${chunk.index}]`)} ${typeof chunk.output === 'string' ? chunk.output : JSON.stringify(chunk.output)}`,
          );
        }
        const final = await atlas.getJob(job);
        out.line(
          `job ${final.id}: ${final.status}${final.executionTimeMs === undefined ? '' : ` (execution ${final.executionTimeMs}ms)`}`,
        );
      });
    }

    if (provider.capabilities.includes('stop_start')) {
      await step('Stop the pod', async () => {
        await atlas.stop(id);
        await waitForStatus(target, id, 'stopped', out, { timeoutMs: 60_000, intervalMs: stage.pollMs, signal });
      });
      await step('Start it again', async () => {
        await atlas.start(id);
        await waitForStatus(target, id, 'running', out, { timeoutMs: 60_000, intervalMs: stage.pollMs, signal });
      });
    }
    await step('Terminate it', async () => {
      await atlas.terminate(id);
      pod = undefined;
      out.line(`${id} terminated.`);
    });
  } finally {
    // A failed or interrupted demo must not leave a pod behind (on a real cloud it would bill).
    if (pod !== undefined && !signal.aborted) await atlas.terminate(pod.id).catch(() => undefined);
  }

  const totalMs = performance.now() - storyStarted;
  if (out.json) {
    out.data({
      provider: provider.id,
      steps: steps.map((s) => ({ step: s.title, ms: Math.round(s.ms) })),
      totalMs: Math.round(totalMs),
    });
    return;
  }
  out.line(`\n${c.bold('Summary')}`);
  // The one thing `atlas demo --quiet` prints.
  out.essential(
    renderTable(
      ['step', 'time'],
      [...steps.map((s, i) => [`${i + 1}. ${s.title}`, formatDuration(s.ms)]), ['total', formatDuration(totalMs)]],
      c,
    ),
  );
}

function printCatalog(out: Output, gpus: readonly GpuType[]): void {
  const shown = gpus.slice(0, 8);
  out.line(
    renderTable(
      ['gpu', 'native id', 'memory', 'secure/h', 'community/h', 'stock'],
      shown.map((g) => [
        g.canonical ?? '-',
        g.id,
        g.memoryGb === undefined ? '-' : `${g.memoryGb} GB`,
        money(g.pricePerHour.secure),
        money(g.pricePerHour.community),
        g.stock ?? '-',
      ]),
      out.color,
    ),
  );
  if (gpus.length > shown.length)
    out.line(out.color.dim(`... and ${gpus.length - shown.length} more (atlas gpus lists them all)`));
}
