import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrchestrator } from '@atlas/orchestrator';
import { createRunPod } from '@atlas/runpod';
import { type RunPodFake, startRunPodFake } from '@atlas/runpod/testing';
import { createSqliteStore } from '@atlas/store-sqlite';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { firstStdoutLine, runCli, startCli } from './helpers/run-cli.js';

const OWNER = 'cli-dash';
let fake: RunPodFake;
let dir: string;
const running: { kill: () => void }[] = [];

beforeAll(async () => {
  fake = await startRunPodFake({ provisioningMs: 20, startingMs: 20 });
  dir = mkdtempSync(join(tmpdir(), 'atlas-cli-dashboard-store-'));
});
afterEach(() => {
  for (const child of running.splice(0)) child.kill();
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The application: an orchestrator on a SQLite file spawns sessions, then goes down leaving them running. */
async function applicationSessions(path: string): Promise<string[]> {
  const store = createSqliteStore({ path });
  const app = createOrchestrator({
    provider: createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url }),
    ownerId: OWNER,
    store,
  });
  const ids: string[] = [];
  for (const userId of ['alice', 'bob']) {
    ids.push((await app.spawn({ gpu: 'rtx_4090', image: 'ghcr.io/acme/infer:1', userId })).session.id);
  }
  await app.close();
  await store.close?.();
  return ids;
}

const runpodEnv = () => ({ RUNPOD_API_KEY: fake.apiKey, ATLAS_RUNPOD_BASE_URL: fake.url });

describe('atlas dashboard --store', () => {
  it("serves the application's sessions from its SQLite store, and leaves every machine running on Ctrl-C", async () => {
    const path = join(dir, 'sessions.db');
    const ids = await applicationSessions(path);
    const { child, done } = startCli(
      ['dashboard', '--store', path, '--owner', OWNER, '--provider', 'runpod', '--port', '0', '--json'],
      { env: runpodEnv() },
    );
    running.push({ kill: () => child.kill('SIGKILL') });
    const line = await firstStdoutLine(child);
    const printed = JSON.parse(line) as { url: string; login: string };
    const token = new URL(printed.login).searchParams.get('token')!;
    const authorization = `Bearer ${token}`;

    const sessions = (await (await fetch(`${printed.url}api/sessions`, { headers: { authorization } })).json()) as {
      total: number;
      items: { id: string; userId?: string }[];
    };
    expect(sessions.total).toBe(2);
    expect(sessions.items.map((s) => s.id).sort()).toEqual([...ids].sort());
    const page = await (await fetch(printed.url, { headers: { authorization } })).text();
    for (const id of ids) expect(page).toContain(id);
    expect(page).not.toContain(fake.apiKey);

    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain(fake.apiKey);
    // Stopping the dashboard ended nothing: the sessions and their machines are still there.
    const store = createSqliteStore({ path });
    expect((await store.list({ ownerId: OWNER })).map((s) => s.state)).toEqual(['active', 'active']);
    await store.close?.();
    const pods = await createRunPod({ apiKey: fake.apiKey, baseUrl: fake.url }).listCompute({});
    expect(pods.filter((p) => p.status !== 'terminated')).toHaveLength(2);
  });

  it('refuses a store file that does not exist (a mistyped path would show an empty store), before any request', async () => {
    const r = await runCli(['dashboard', '--store', join(dir, 'missing.db'), '--owner', OWNER], { env: runpodEnv() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such file');
  });

  it('needs --owner with --store, and refuses --store with --demo', async () => {
    const noOwner = await runCli(['dashboard', '--store', join(dir, 'x.db')]);
    expect(noOwner.code).toBe(2);
    expect(noOwner.stderr).toContain('--owner');
    const both = await runCli(['dashboard', '--demo', '--store', join(dir, 'x.db'), '--owner', OWNER]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('exclude each other');
  });

  it('says the store cannot be read, and never prints its Postgres URL (it holds a password)', async () => {
    const url = 'postgres://atlas:pw-CANARY-0123456789@127.0.0.1:9/atlas';
    const r = await runCli(['dashboard', '--store', url, '--owner', OWNER, '--provider', 'runpod'], {
      env: runpodEnv(),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('cannot read the sessions in --store');
    expect(r.stderr).toContain('check --store');
    expect(r.stdout + r.stderr).not.toContain('pw-CANARY-0123456789');
  });
});
