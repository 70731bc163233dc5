import { createServer, type Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BROWSER_TIMEOUT_MS, useChromium } from './chromium.js';
import { listen, POLL, startWorld, type World } from './world.js';

let world: World;
let context: BrowserContext;
let page: Page;

const browser = useChromium();
beforeEach(async () => {
  world = await startWorld();
  context = await browser().newContext();
  page = await context.newPage();
}, BROWSER_TIMEOUT_MS);
afterEach(async () => {
  await context?.close();
  await world?.close();
}, BROWSER_TIMEOUT_MS);

describe('the dashboard refuses what it must, in Chromium', { timeout: BROWSER_TIMEOUT_MS }, () => {
  it('shows no session to a browser without the token, nor with a wrong one', async () => {
    const { session } = await world.orchestrator.spawn({ userId: 'alice', gpu: 'h100', image: 'x', auth: 'none' });
    const anonymous = await page.goto(`${world.origin}/`);
    expect(anonymous?.status()).toBe(401);
    expect(await page.content()).not.toContain(session.id);
    expect(await page.getByRole('table').count()).toBe(0);

    for (const path of ['/machines', '/events', `/sessions/${session.id}`, '/api/events']) {
      const response = await page.request.get(`${world.origin}${path}`, { maxRedirects: 0 });
      expect(response.status(), path).toBe(401);
      expect(await response.text(), path).not.toContain(session.id);
    }

    // The sign-in form with a wrong token: refused, and still no data.
    await page.getByLabel(/access token/i).fill('not-the-token');
    await page.getByRole('button', { name: /sign in/i }).click();
    await page.waitForLoadState();
    expect(await page.content()).not.toContain(session.id);
    expect(await page.getByRole('alert').textContent()).toMatch(/not valid/i);
  });

  it('refuses a cross-site POST from a page on another origin, with the cookie riding along', async () => {
    const { session } = await world.orchestrator.spawn({ userId: 'bob', gpu: 'h100', image: 'x', auth: 'none' });
    // Signed in: the browser holds the dashboard's cookie. 127.0.0.1 on another port is another
    // origin but the same site, so SameSite alone would let the cookie go: the dashboard must refuse.
    await page.goto(`${world.origin}/login?token=${encodeURIComponent(world.token)}`);
    const actionUrl = await terminateActionUrl(session.id);

    const evil = await startEvilSite(actionUrl);
    try {
      // Every POST that reached the dashboard: its status, and whether the login cookie rode along.
      const posts: Promise<{ status: number; withCookie: boolean }>[] = [];
      page.on('response', (r) => {
        if (r.url() !== actionUrl || r.request().method() !== 'POST') return;
        posts.push(
          r
            .request()
            .allHeaders()
            .then((headers) => ({ status: r.status(), withCookie: (headers.cookie ?? '') !== '' })),
        );
      });

      // A form POST (what a CSRF attack is): the browser sends the cookie, the dashboard says no.
      // 403, not 404: the route exists, and it refused this request.
      await page.goto(`${evil.origin}/form`);
      await Promise.all([page.waitForURL(actionUrl), page.getByRole('button', { name: 'Win a GPU' }).click()]);
      expect(await Promise.all(posts)).toEqual([{ status: 403, withCookie: true }]);

      // fetch with credentials from the other origin: a simple POST reaches the dashboard and is
      // refused; one with a guessed CSRF header is stopped by the browser's preflight.
      await page.goto(`${evil.origin}/fetch`);
      const outcome = await page.evaluate(() => (globalThis as unknown as { attempt: Promise<string[]> }).attempt);
      expect(outcome[1]).toMatch(/^blocked/);
      await expect.poll(() => posts.length, POLL).toBe(2);
      expect((await posts[1])?.status).toBe(403);

      expect(await world.orchestrator.get(session.id)).toBeDefined();
      expect(world.fake.pods.count()).toBe(1);
    } finally {
      await evil.close();
    }
  });

  it('shows no token, API key or env value on any page or API answer', async () => {
    const canary = `canary-${Math.random().toString(36).slice(2)}`;
    const { session, auth } = await world.orchestrator.spawn({
      userId: 'carol',
      gpu: 'h100',
      image: 'x',
      env: { HF_TOKEN: canary },
      auth: 'bearer',
    });
    expect(auth?.token).toBeDefined();
    const secrets = [world.token, world.fake.apiKey, canary, auth!.token];
    await page.goto(`${world.origin}/login?token=${encodeURIComponent(world.token)}`);
    await expect.poll(() => page.getByRole('row').filter({ hasText: session.id }).count(), POLL).toBe(1);

    const seen: string[] = [];
    for (const path of ['/', '/machines', '/events', `/sessions/${session.id}`]) {
      await page.goto(`${world.origin}${path}`);
      seen.push(await page.content());
    }
    for (const path of ['/api/sessions', `/api/sessions/${session.id}`, '/api/machines', '/api/log']) {
      const response = await page.request.get(`${world.origin}${path}`);
      expect(response.status(), path).toBe(200);
      seen.push(await response.text());
    }
    expect(seen.join('\n')).toContain(session.id);
    for (const secret of secrets) expect(seen.join('\n')).not.toContain(secret);
  });
});

/** The URL the page's own Terminate button posts to (after its confirm dialog, with the CSRF header). */
async function terminateActionUrl(sessionId: string): Promise<string> {
  const button = page
    .getByRole('row')
    .filter({ hasText: sessionId })
    .getByRole('button', { name: /terminate/i });
  await expect.poll(() => button.count(), POLL).toBe(1);
  expect(await button.getAttribute('data-action')).toBe('terminate');
  return `${world.origin}/api/sessions/${sessionId}/terminate`;
}

/** A page on 127.0.0.1 at another port that tries to terminate the session behind the operator's back. */
async function startEvilSite(actionUrl: string): Promise<{ origin: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    if (req.url === '/form') {
      res.end(`<!doctype html><form method="post" action="${actionUrl}"><button>Win a GPU</button></form>`);
    } else {
      res.end(`<!doctype html><script>
        const url = ${JSON.stringify(actionUrl)};
        const outcome = (p) => p.then((r) => r.type + ' ' + r.status, (e) => 'blocked: ' + e.message);
        globalThis.attempt = (async () => [
          await outcome(fetch(url, { method: 'POST', mode: 'no-cors', credentials: 'include' })),
          await outcome(fetch(url, { method: 'POST', credentials: 'include', headers: { 'x-csrf-token': 'guess' } })),
        ])();
      </script>`);
    }
  });
  const origin = await listen(server);
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
