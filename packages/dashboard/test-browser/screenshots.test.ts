import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './chromium.js';
import { startWorld, type World } from './world.js';

/**
 * The screenshots in docs/dashboard.md, taken by the test run so they always show the page as it
 * is. The world is deterministic (fixed clock, fixed ids, the mock only), so a screenshot changes
 * only when the page does.
 */
const DOCS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'dashboard');

let browser: Browser;
let world: World;
let page: Page;
const sessionIds: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
  world = await startWorld({ deterministic: true });
  const people = [
    ['alice', 'h100'],
    ['bob', 'a100_80g'],
    ['carol', 'l40s'],
    ['alice', 'rtx_4090'],
  ] as const;
  for (const [userId, gpu] of people) {
    const { session } = await world.orchestrator.spawn({ userId, gpu, image: 'ghcr.io/acme/infer:1', auth: 'none' });
    sessionIds.push(session.id);
    world.advance(7 * 60_000);
  }
  // A machine on the same cloud that this orchestrator did not start: listed, marked, never actionable.
  await world.mock.spawnCompute({ gpu: 'a6000', image: 'pytorch/pytorch:latest', name: 'notebook-erin' });
  world.advance(3 * 60_000);
  await world.orchestrator.touch(sessionIds[1]!);
  world.advance(2 * 60_000);
  await world.orchestrator.release(sessionIds[2]!);
  world.advance(60_000);
  // The poll has seen every machine running: the pages show settled statuses, not a race.
  await expect
    .poll(async () => (await world.orchestrator.list()).every((s) => s.status === 'running'), { timeout: 10_000 })
    .toBe(true);

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  page = await context.newPage();
  await page.goto(`${world.origin}/login?token=${encodeURIComponent(world.token)}`);
  mkdirSync(DOCS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await world?.close();
});

async function shoot(path: string, file: string): Promise<void> {
  const response = await page.goto(`${world.origin}${path}`);
  expect(response?.status()).toBe(200);
  await expect.poll(() => page.locator('#connection').textContent()).toMatch(/live updates: on/i);
  // No caret, no animation: the same pixels on every run.
  await page.screenshot({ path: join(DOCS, file), fullPage: true, animations: 'disabled', caret: 'hide' });
}

describe('screenshots for docs/dashboard.md', () => {
  it('the sessions page', async () => {
    await shoot('/', 'sessions.png');
    expect(await page.getByRole('row').filter({ hasText: sessionIds[0]! }).count()).toBe(1);
  });

  it('the machines page, with a machine the orchestrator does not track', async () => {
    await shoot('/machines', 'machines.png');
    expect(await page.getByText('notebook-erin').count()).toBeGreaterThan(0);
  });

  it('the event stream', async () => {
    await shoot('/events', 'events.png');
    expect(await page.content()).toContain(sessionIds[2]!);
  });

  it("a session's placement history", async () => {
    await shoot(`/sessions/${sessionIds[0]!}`, 'session.png');
    expect(await page.content()).toContain(sessionIds[0]!);
  });
});
