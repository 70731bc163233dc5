/**
 * Child-process entry for figure 10, run with --expose-gc: an orchestrator (on the mock) with
 * `count` live sessions in one store, and the retained heap per session as JSON. One store per
 * process, so nothing measured before leaks into the next measurement.
 *   node --expose-gc store-heap.js memory|sqlite|postgres <count>   (env BENCH_SQLITE_PATH, BENCH_PG_URL)
 */
import { createMock } from '@atlas/mock';
import { createMemoryStore, createOrchestrator, type SessionStore } from '@atlas/orchestrator';
import { createPostgresStore } from '@atlas/store-postgres';
import { createSqliteStore } from '@atlas/store-sqlite';

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');
const collect = gc;

async function settledHeap(): Promise<number> {
  for (let i = 0; i < 4; i++) {
    collect();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage().heapUsed;
}

const [mode, countArg] = process.argv.slice(2);
const count = Number(countArg);

function storeFor(kind: string | undefined): SessionStore {
  if (kind === 'memory') return createMemoryStore();
  if (kind === 'sqlite') return createSqliteStore({ path: process.env.BENCH_SQLITE_PATH ?? ':memory:' });
  if (kind === 'postgres') return createPostgresStore({ connectionString: process.env.BENCH_PG_URL ?? '' });
  throw new Error(`unknown store ${kind}`);
}

const store = storeFor(mode);
const hour = 3_600_000;
const orchestrator = createOrchestrator({
  provider: createMock(),
  store,
  ownerId: `bench-${mode}-${process.pid}`,
  pollIntervalMs: hour,
  reapIntervalMs: hour,
  idleTtlMs: hour,
});
await orchestrator.ready();
const request = { gpu: 'h100', image: 'ghcr.io/acme/infer:1', ports: [{ port: 8000, protocol: 'http' as const }] };
const spawnMany = async (n: number) => {
  for (let i = 0; i < n; i += 100) {
    await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => orchestrator.spawn(request)));
  }
};
await spawnMany(100); // warm: pools, prepared statements, JIT
const before = await settledHeap();
await spawnMany(count);
const after = await settledHeap();
const live = (await orchestrator.list()).length;
if (live !== count + 100) throw new Error(`the orchestrator lists ${live} sessions, expected ${count + 100}`);
console.log(JSON.stringify({ bytes: (after - before) / count }));
await orchestrator.close();
await store.close?.();
