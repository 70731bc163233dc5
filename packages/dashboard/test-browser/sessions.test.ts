import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BROWSER_TIMEOUT_MS, useChromium } from './chromium.js';
import { POLL, startWorld, type World } from './world.js';

// One browser for the file; a fresh context (cookies, storage) and world for each test.
let world: World;
let context: BrowserContext;
let page: Page;
/** What the page's script threw or logged as an error (a CSP violation, a failed request): none, ever. */
let errors: string[];

const browser = useChromium();
beforeEach(async () => {
  world = await startWorld();
  context = await browser().newContext();
  page = await context.newPage();
  errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
}, BROWSER_TIMEOUT_MS);
afterEach(async () => {
  await context?.close();
  await world?.close();
  expect(errors).toEqual([]);
}, BROWSER_TIMEOUT_MS);

const spawn = (userId: string) =>
  world.orchestrator.spawn({ userId, gpu: 'h100', image: 'ghcr.io/acme/infer:1', auth: 'none' });

/** Logs in the way an operator does: the login link, which sets the cookie and redirects to the sessions page. */
async function login(): Promise<void> {
  const response = await page.goto(`${world.origin}/login?token=${encodeURIComponent(world.token)}`);
  expect(response?.status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe('/');
}

const sessionRow = (id: string) => page.getByRole('row').filter({ hasText: id });

/** Live updates are on once the page says so (the event stream is open). */
async function live(): Promise<void> {
  await expect.poll(() => page.locator('#connection').textContent(), POLL).toMatch(/live updates: on/i);
}

describe('the sessions page in Chromium', { timeout: BROWSER_TIMEOUT_MS }, () => {
  it('fills the table with the live sessions', async () => {
    const a = await spawn('alice');
    const b = await spawn('bob');
    await login();
    const table = page.getByRole('table');
    await expect.poll(() => sessionRow(a.session.id).count(), POLL).toBe(1);
    await expect.poll(() => sessionRow(b.session.id).count(), POLL).toBe(1);
    await expect.poll(() => sessionRow(a.session.id).textContent(), POLL).toContain('alice');
    expect(await sessionRow(b.session.id).textContent()).toContain('bob');
    expect(await table.getByRole('columnheader').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/user/i), expect.stringMatching(/provider/i)]),
    );
    // The page is the dashboard's own: nothing from the cloud's key or the session tokens.
    const html = await page.content();
    expect(html).not.toContain(world.token);
    expect(html).not.toContain(world.fake.apiKey);
  });

  it('shows a session spawned on the server without a reload', async () => {
    await login();
    await live();
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    const { session } = await spawn('carol');
    await expect.poll(() => sessionRow(session.id).count(), POLL).toBe(1);
    expect(await sessionRow(session.id).textContent()).toContain('carol');
    expect(loads).toEqual([]);
  });

  it('asks before terminating, keeps the session on Cancel, ends it on Confirm', async () => {
    const { session } = await spawn('dan');
    await login();
    await live();
    const row = sessionRow(session.id);
    await row.getByRole('button', { name: /terminate/i }).click();
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible(), POLL).toBe(true);
    expect(await dialog.textContent()).toContain(session.id);

    await dialog.getByRole('button', { name: /cancel/i }).click();
    await expect.poll(() => dialog.isVisible(), POLL).toBe(false);
    expect(await world.orchestrator.get(session.id)).toBeDefined();

    await row.getByRole('button', { name: /terminate/i }).click();
    await dialog.getByRole('button', { name: /confirm|terminate/i }).click();
    await expect.poll(async () => (await world.orchestrator.get(session.id)) === undefined, POLL).toBe(true);
    await expect.poll(() => sessionRow(session.id).count(), POLL).toBe(0);
    // Recorded: the Events page shows the dashboard's own action next to the orchestrator's events.
    await page.goto(`${world.origin}/events`);
    const entries = page.getByRole('row').filter({ hasText: session.id });
    await expect.poll(async () => (await entries.allTextContents()).join('\n'), POLL).toMatch(/action:terminate/);
    expect((await entries.allTextContents()).join('\n')).toMatch(/terminated/);
  });

  it('runs the confirm dialog from the keyboard and gives focus back to the button that opened it', async () => {
    const { session } = await spawn('erin');
    await login();
    await live();
    const terminate = sessionRow(session.id).getByRole('button', { name: /terminate/i });
    await terminate.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog');
    await expect.poll(() => dialog.isVisible(), POLL).toBe(true);
    // Focus moved into the dialog, on its safe choice.
    expect(await page.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/cancel/i);

    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible(), POLL).toBe(false);
    // The dialog's close event (which hands focus back) comes a task after it stops showing.
    await expect.poll(() => terminate.evaluate((button) => button === document.activeElement), POLL).toBe(true);
    expect(await world.orchestrator.get(session.id)).toBeDefined();

    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible(), POLL).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/confirm|terminate/i);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await world.orchestrator.get(session.id)) === undefined, POLL).toBe(true);
  });

  it('reads well to a screen reader: named landmarks, a captioned table, buttons that say which session', async () => {
    const { session } = await spawn('frank');
    await login();
    await expect.poll(() => sessionRow(session.id).count(), POLL).toBe(1);
    const tree = await page.locator('body').ariaSnapshot();
    expect(tree).toContain('navigation "Sections"');
    expect(tree).toMatch(/table "Live sessions/);
    expect(tree).toContain(`button "Terminate session ${session.id}"`);
    expect(tree).toContain(`button "Touch session ${session.id}"`);
    // The first Tab reaches the skip link, which takes the keyboard past the navigation.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/skip to content/i);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('pages a long list: a page of rows at a time, the pager followed from the keyboard', async () => {
    for (let i = 0; i < 120; i++) {
      await world.orchestrator.spawn({ userId: `user${i}`, gpu: 'l4', image: 'x', auth: 'none', provider: 'mock' });
    }
    await login();
    const bodyRows = page
      .getByRole('table')
      .getByRole('row')
      .filter({ has: page.getByRole('button') });
    await expect.poll(() => bodyRows.count(), POLL).toBe(50);
    const pager = page.getByRole('navigation', { name: /session pages/i });
    expect(await pager.textContent()).toMatch(/page 1 of 3/i);

    await pager.getByRole('link', { name: /next/i }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => pager.textContent(), POLL).toMatch(/page 2 of 3/i);
    expect(await bodyRows.count()).toBe(50);
    await pager.getByRole('link', { name: /last/i }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => pager.textContent(), POLL).toMatch(/page 3 of 3/i);
    expect(await bodyRows.count()).toBe(20);
  });
});
