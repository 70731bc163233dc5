import { mintToken } from '@atlas/core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createDashboard, type Dashboard } from '../src/index.js';
import { fakeOrchestrator, fakeSession } from './fake-orchestrator.js';
import { ORIGIN } from './harness.js';

const START = Date.UTC(2026, 11, 1);
const SESSIONS = 10_000;
let dashboard: Dashboard;
let header: string;

beforeAll(async () => {
  const sessions = Array.from({ length: SESSIONS }, (_, i) => fakeSession(i, START));
  const token = await mintToken();
  header = token.header;
  dashboard = createDashboard({
    orchestrator: fakeOrchestrator(sessions),
    tokenHash: token.hash,
    clock: () => START + SESSIONS * 60_000,
  });
});
afterAll(async () => dashboard.close());

const get = (path: string) => dashboard.fetch(new Request(`${ORIGIN}${path}`, { headers: { authorization: header } }));
const rows = (page: string) => page.match(/<tr id="row-/g)?.length ?? 0;

interface ApiPage {
  items: { id: string; createdAt: number; userId: string }[];
  page: number;
  size: number;
  total: number;
  pages: number;
}

test('with 10,000 sessions the page holds the page size (default 50), newest first', async () => {
  const response = await get('/');
  const page = await response.text();
  expect(rows(page)).toBe(50);
  expect(page).toContain('Live sessions 1–50 of 10000, newest first');
  expect(page).toContain('Page 1 of 200');
  expect(page).toContain('row-s000009999');
  expect(page).not.toContain('row-s000009949');
  // Bounded: a page of 50 rows, whatever the number of sessions.
  expect(page.length).toBeLessThan(120_000);
});

test('pages follow each other without overlap, and a page past the end shows the last', async () => {
  const first = (await (await get('/api/sessions?page=1&size=100')).json()) as ApiPage;
  const second = (await (await get('/api/sessions?page=2&size=100')).json()) as ApiPage;
  expect(first).toMatchObject({ page: 1, size: 100, total: SESSIONS, pages: 100 });
  expect(first.items).toHaveLength(100);
  const ids = new Set([...first.items, ...second.items].map((s) => s.id));
  expect(ids.size).toBe(200);
  const times = [...first.items, ...second.items].map((s) => s.createdAt);
  expect(times).toEqual([...times].sort((a, b) => b - a));
  const last = (await (await get('/api/sessions?page=999&size=100')).json()) as ApiPage;
  expect(last.page).toBe(100);
  expect(last.items.at(-1)!.id).toBe('s000000000');
});

test('a size beyond the cap is clamped to 500 rows', async () => {
  const api = (await (await get('/api/sessions?size=100000')).json()) as ApiPage;
  expect(api.items).toHaveLength(500);
  expect(api.size).toBe(500);
  expect(rows(await (await get('/?size=100000')).text())).toBe(500);
  expect(rows(await (await get('/fragments/sessions?size=100000&page=3')).text())).toBe(500);
});

test('the user filter pages over that user’s sessions only', async () => {
  const api = (await (await get('/api/sessions?user=user3&size=500')).json()) as ApiPage;
  expect(api.total).toBe(Math.ceil((SESSIONS - 3) / 7));
  expect(api.items.every((s) => s.userId === 'user3')).toBe(true);
});

test('sorting is server-side, across every page: most idle first, or by user Z to A', async () => {
  const idle = (await (await get('/api/sessions?sort=idle&size=100')).json()) as ApiPage;
  expect(idle.items[0]!.id).toBe('s000000000');
  const times = idle.items.map((s) => s.createdAt);
  expect(times).toEqual([...times].sort((a, b) => a - b));

  const byUser = (await (await get('/api/sessions?sort=user&dir=desc&size=500&page=2')).json()) as ApiPage;
  expect(new Set(byUser.items.map((s) => s.userId))).toEqual(new Set(['user6']));

  const page = await (await get('/?sort=idle&size=25')).text();
  expect(rows(page)).toBe(25);
  expect(page).toContain('Live sessions 1–25 of 10000, most idle first');
  expect(page).toMatch(/<th scope="col" class="num" aria-sort="descending"><a [^>]+>Idle<\/a>/);
  // The pager and the live fragment keep the order.
  expect(page).toContain('href="/?page=2&amp;size=25&amp;sort=idle&amp;dir=desc"');
  expect(page).toContain('data-fragment="/fragments/sessions?page=1&amp;size=25&amp;sort=idle&amp;dir=desc"');
});
