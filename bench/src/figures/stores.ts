import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMock } from '@atlas/mock';
import { createOrchestrator, type Orchestrator } from '@atlas/orchestrator';
import { createPostgresStore } from '@atlas/store-postgres';
import { startEmbeddedPostgres } from '@atlas/test-kit/postgres';
import type { BenchConfig } from '../config.js';
import type { FigureResult, Row } from '../row.js';
import { ratio } from '../stats.js';

const CHILD = fileURLToPath(new URL('../children/store-heap.js', import.meta.url));
const REQUEST = { gpu: 'h100', image: 'ghcr.io/acme/infer:1', ports: [{ port: 8000, protocol: 'http' as const }] };

/**
 * Figure 10, the durable stores: heap per live session on each store (100,000 sessions), and session
 * writes per second on Postgres with two instances (readiness lag is figure 8).
 */
export async function stores(config: BenchConfig): Promise<FigureResult> {
  const rows: Row[] = [];
  const pg = await startEmbeddedPostgres({ password: 'atlas-bench', dirPrefix: 'atlas-bench-pg-' });
  try {
    rows.push(...heapRows(config, pg.url));
    rows.push(await writeRows(config, pg.url));
  } finally {
    await pg.stop();
  }
  return { rows };
}

function heapPerSession(kind: string, count: number, env: Record<string, string>): number {
  const child = spawnSync(process.execPath, ['--expose-gc', CHILD, kind, String(count)], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0)
    throw new Error(`store-heap '${kind}' failed: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return (JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as { bytes: number }).bytes;
}

function heapRows(config: BenchConfig, url: string): Row[] {
  const count = config.smoke ? 500 : 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'atlas-bench-sqlite-'));
  try {
    const env = { BENCH_PG_URL: url, BENCH_SQLITE_PATH: join(dir, 'sessions.db') };
    const memory = heapPerSession('memory', count, env);
    return (['sqlite', 'postgres'] as const).map((kind) => {
      const bytes = heapPerSession(kind, count, env);
      return {
        figure: '10',
        metric: `heap per session, ${count.toLocaleString('en')} live, ${kind} store`,
        unit: 'bytes',
        atlas: bytes,
        baseline: memory,
        baselineName: 'memory store',
        ratio: ratio(bytes, memory),
        note: 'orchestrator + mock process heap; the durable stores keep records out of the heap',
      };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** touch() calls per second, `instances` orchestrators on one Postgres, each touching its own sessions. */
async function touchesPerSecond(url: string, instances: number, sessions: number, touches: number): Promise<number> {
  const mock = createMock();
  const ownerId = `bench-writes-${process.pid}-${instances}`;
  const stores = Array.from({ length: instances }, () => createPostgresStore({ connectionString: url }));
  const orchs: Orchestrator[] = stores.map((store) => createOrchestrator({ provider: mock, store, ownerId }));
  try {
    const ids = await Promise.all(
      orchs.map(async (orch) => {
        const out: string[] = [];
        for (let i = 0; i < sessions; i++) out.push((await orch.spawn(REQUEST)).session.id);
        return out;
      }),
    );
    const start = performance.now();
    await Promise.all(
      orchs.map(async (orch, k) => {
        const mine = ids[k] ?? [];
        // 16 writers per instance, each on its own sessions (w, w + 16, ...): no two writers race
        // for one record, so every touch is one read and one successful compare-and-set.
        await Promise.all(
          Array.from({ length: 16 }, async (_, w) => {
            const own = mine.filter((_, i) => i % 16 === w);
            for (let i = w; i < touches; i += 16) await orch.touch(own[i % own.length]!);
          }),
        );
      }),
    );
    return (touches * instances) / ((performance.now() - start) / 1000);
  } finally {
    await Promise.allSettled(orchs.map((orch) => orch.close({ terminate: true })));
    await Promise.allSettled(stores.map((store) => store.close()));
  }
}

async function writeRows(config: BenchConfig, url: string): Promise<Row> {
  const sessions = config.smoke ? 20 : 200;
  const touches = config.smoke ? 200 : 5_000;
  const one = await touchesPerSecond(url, 1, sessions, touches);
  const two = await touchesPerSecond(url, 2, sessions, touches);
  return {
    figure: '10',
    metric: 'session writes (touch) per second, Postgres, two instances',
    unit: 'writes/s',
    atlas: two,
    baseline: one,
    baselineName: 'one instance, same database',
    ratio: ratio(two, one),
    note: 'each touch: a read and a compare-and-set; 16 writers per instance',
  };
}
