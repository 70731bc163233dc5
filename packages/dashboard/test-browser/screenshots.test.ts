import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TIMEOUT_MS, useChromium } from './chromium.js';
import { startWorld, until, type World } from './world.js';

// expect.poll is not used here: under vitest's fake Date it moves the clock forward as it waits.

/**
 * The screenshots in docs/dashboard.md, taken by the test run so they always show the page as it
 * is. The world is deterministic (frozen clock, counted ids, two mocks), so a screenshot changes
 * only when the page does.
 */
const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'dashboard');

let world: World;
let page: Page | undefined;
const sessionIds: string[] = [];

const browser = useChromium();
beforeAll(async () => {
  world = await startWorld({ deterministic: true });
  // alice's first session is placed across both clouds and the first offer fails for capacity, so its
  // page has a placement history to show; the others land where they are pinned, or where placed.
  world.mock.failNext('spawnCompute', 'capacity');
  const people = [
    ['alice', 'h100', { placement: { maxPricePerHour: 10 } }],
    ['bob', 'a100_80g', { provider: 'mock-east' }],
    ['carol', 'l40s', { provider: 'mock-west' }],
    ['alice', 'rtx_4090', { placement: { maxPricePerHour: 10 } }],
  ] as const;
  for (const [userId, gpu, where] of people) {
    const { session } = await world.orchestrator.spawn({
      userId,
      gpu,
      image: 'ghcr.io/acme/infer:1',
      auth: 'none',
      ...where,
    });
    sessionIds.push(session.id);
    world.advance(7 * 60_000);
  }
  // A machine on the same cloud that this orchestrator did not start: listed, marked, never actionable.
  await world.mock.spawnCompute({ gpu: 'a6000', image: 'pytorch/pytorch:latest', name: 'notebook-erin' });
  // One this orchestrator's owner stamp names but no session holds (what a crash leaves): orphaned.
  await world.mock.spawnCompute({ gpu: 'l4', image: 'ghcr.io/acme/infer:1', name: 'atlas-dash-test-s0000099' });
  world.advance(3 * 60_000);
  await world.orchestrator.touch(sessionIds[1]!);
  world.advance(2 * 60_000);
  await world.orchestrator.release(sessionIds[2]!);
  world.advance(60_000);
  // The poll has seen every machine running: the pages show settled statuses, not a race.
  await until('every session running', async () =>
    (await world.orchestrator.list()).every((s) => s.status === 'running'),
  );
  mkdirSync(DOCS, { recursive: true });
}, BROWSER_TIMEOUT_MS);

afterAll(async () => {
  await world?.close();
}, BROWSER_TIMEOUT_MS);

/** One page for every screenshot, signed in once (in the first test, where a missing Chromium fails it). */
async function signedInPage(): Promise<Page> {
  if (page === undefined) {
    const context = await browser().newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
    page = await context.newPage();
    await page.goto(`${world.origin}/login?token=${encodeURIComponent(world.token)}`);
  }
  return page;
}

async function shoot(path: string, file: string): Promise<Page> {
  const page = await signedInPage();
  const response = await page.goto(`${world.origin}${path}`);
  expect(response?.status()).toBe(200);
  // A page with live parts shows them once its event stream is open (the indicator says so).
  if ((await page.locator('[data-fragment], tbody[data-events]').count()) > 0) {
    await until('live updates', async () =>
      /live updates: on/i.test((await page.locator('#connection').textContent()) ?? ''),
    );
  }
  // No caret, no animation: the same pixels on every run.
  await page.screenshot({ path: join(DOCS, file), fullPage: true, animations: 'disabled', caret: 'hide' });
  return page;
}

describe('screenshots for docs/dashboard.md', { timeout: BROWSER_TIMEOUT_MS }, () => {
  it('the sessions page', async () => {
    const page = await shoot('/', 'sessions.png');
    expect(await page.getByRole('row').filter({ hasText: sessionIds[0]! }).count()).toBe(1);
  });

  it('the machines page, with a machine the orchestrator does not track', async () => {
    const page = await shoot('/machines', 'machines.png');
    // Marked foreign, and nothing on its row can act on it.
    const foreign = page.getByRole('row').filter({ hasText: 'notebook-erin' });
    expect(await foreign.count()).toBe(1);
    expect(await foreign.textContent()).toMatch(/foreign/);
    expect(await foreign.getByRole('button').count()).toBe(0);
    expect(await page.getByRole('row').filter({ hasText: sessionIds[0]! }).textContent()).toMatch(/tracked/);
    const orphan = page.getByRole('row').filter({ hasText: 'atlas-dash-test-s0000099' });
    expect(await orphan.textContent()).toMatch(/orphaned/);
    expect(await orphan.getByRole('button').count()).toBe(0);
  });

  it('the event stream, with an action taken on the page', async () => {
    // Touch a session the way an operator does, so the stream shows the dashboard's own action entry.
    const page = await signedInPage();
    await page.goto(`${world.origin}/`);
    await page.getByRole('button', { name: `Touch session ${sessionIds[3]!}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: /touch/i }).click();
    await until('the touch announced', async () =>
      /touched/i.test((await page.getByRole('status').textContent()) ?? ''),
    );

    await shoot('/events', 'events.png');
    expect(await page.content()).toContain(sessionIds[2]!);
    // The action is recorded as asked and as done, around the orchestrator's own heartbeat.
    const rows = page.getByRole('row').filter({ hasText: sessionIds[3]! });
    expect((await rows.allTextContents()).slice(0, 3).map((text) => text.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(/action:touch .* done/),
      expect.stringMatching(/heartbeat/),
      expect.stringMatching(/action:touch .* requested/),
    ]);
  });

  it("a session's placement history", async () => {
    const page = await shoot(`/sessions/${sessionIds[0]!}`, 'session.png');
    const attempts = page.getByRole('table', { name: /placement attempts/i }).getByRole('row');
    const texts = (await attempts.allTextContents()).slice(1).map((text) => text.replace(/\s+/g, ' '));
    expect(texts[0]).toMatch(/mock-east.*capacity/);
    expect(texts.at(-1)).toMatch(/placed/);
  });
});
