import { Script } from 'node:vm';
import { mintToken } from '@atlas/core';
import { type OrchestratorEvent, sessionSpendUsd } from '@atlas/orchestrator';
import { expect, test } from 'vitest';
import { CLIENT_SCRIPT } from '../src/assets/client.js';
import { eventView } from '../src/event-view.js';
import { createDashboard } from '../src/index.js';
import { parseSort, sortSessions } from '../src/session-sort.js';
import { sessionView } from '../src/session-view.js';
import { sessionPricePerHour, sessionSpend } from '../src/spend.js';
import { fakeOrchestrator, fakeSession } from './fake-orchestrator.js';
import { ORIGIN } from './harness.js';

const START = Date.UTC(2026, 11, 1);

test('the page script is valid JavaScript', () => {
  expect(() => new Script(CLIENT_SCRIPT)).not.toThrow();
});

test('spend is the orchestrator’s: the recorded price since billedFrom; unknown without a recorded price', () => {
  const compute = { id: 'c-0', provider: 'mock', status: 'running' as const, gpuCount: 1, ports: [], costPerHour: 2 };
  const billed = fakeSession(0, START, { compute, pricePerHour: 2, billedFrom: START });
  expect(sessionSpend(billed, START + 90 * 60_000)).toBeCloseTo(3);
  expect(sessionSpend(billed, START + 90 * 60_000)).toBe(sessionSpendUsd(billed, START + 90 * 60_000));
  const billedLater = { ...billed, pricePerHour: 4, billedFrom: START + 30 * 60_000 };
  expect(sessionSpend(billedLater, START + 90 * 60_000)).toBeCloseTo(4);
  // A record stored before prices were recorded: its compute's price shows, its spend is unknown.
  const older = fakeSession(1, START, { compute });
  expect(sessionPricePerHour(older)).toBe(2);
  expect(sessionSpend(older, START + 60_000)).toBeUndefined();
  expect(sessionPricePerHour(fakeSession(2, START))).toBeUndefined();
});

test('the session view is a whitelist: tokenHash and compute env never make it through', () => {
  const session = {
    ...fakeSession(0, START),
    compute: { id: 'c', provider: 'mock', status: 'running', gpuCount: 1, ports: [], env: { KEY: 'v' } },
    futureSecret: 'x',
  } as never;
  const view = JSON.stringify(sessionView(session, START));
  expect(view).not.toMatch(/tokenHash|env|futureSecret|fffff/);
});

test('events from the newer orchestrator are summarised field by field', () => {
  const at = START;
  const events = [
    {
      type: 'placement_attempt',
      at,
      sessionId: 's1',
      attempt: {
        provider: 'runpod',
        region: 'eu',
        pricePerHour: 2.5,
        outcome: 'failed',
        errorKind: 'capacity',
        durationMs: 12,
      },
    },
    { type: 'budget_exhausted', at, sessionId: 's1', spentUsd: 10, maxCostUsd: 10 },
    {
      type: 'spend_mismatch',
      at,
      provider: 'runpod',
      from: 0,
      to: at,
      estimatedUsd: 3,
      billedUsd: 3.5,
      differenceUsd: -0.5,
    },
    { type: 'stopped', at, sessionId: 's1', computeId: 'c1', action: 'keep', by: 'orchestrator' },
    { type: 'something_new', at, sessionId: 's1', secret: 'never shown' },
  ] as unknown as OrchestratorEvent[];
  const views = events.map((e, i) => eventView(e, i, at));
  expect(views.map((v) => v.summary)).toEqual([
    'placement on runpod/eu at $2.5000/h: failed (capacity)',
    'budget exhausted: $10.00 of $10.00',
    'spend mismatch on runpod: estimated $3.0000, billed $3.5000',
    'stopped (c1) by orchestrator, kept',
    'something_new',
  ]);
  expect(JSON.stringify(views)).not.toContain('never shown');
});

test('a session’s page shows its placement history, in order', async () => {
  const session = fakeSession(0, START, {
    placement: {
      offer: { provider: 'lambda-labs', region: 'us-west', pricePerHour: 2.49, readAt: START },
      attempts: [
        {
          provider: 'runpod',
          region: 'eu',
          pricePerHour: 1.99,
          outcome: 'capacity',
          errorKind: 'capacity',
          message: 'no H100 in eu',
          durationMs: 40,
        },
        { provider: 'lambda-labs', region: 'us-west', pricePerHour: 2.49, outcome: 'placed', durationMs: 900 },
      ],
    },
  });
  const { hash, header } = await mintToken();
  const dashboard = createDashboard({ orchestrator: fakeOrchestrator([session]), tokenHash: hash });
  try {
    const page = await (
      await dashboard.fetch(new Request(`${ORIGIN}/sessions/${session.id}`, { headers: { authorization: header } }))
    ).text();
    expect(page).toContain('Placement attempts, in the order they were made (landed on lambda-labs/us-west)');
    expect(page.indexOf('>runpod<')).toBeLessThan(page.indexOf('>placed<'));
    expect(page).toContain('<td>capacity: no H100 in eu</td>');
  } finally {
    await dashboard.close();
  }
});

test('the page is built for keyboard and screen reader: caption, scoped headers, labelled buttons, dialog, live region', async () => {
  const session = fakeSession(0, START);
  const { hash, header } = await mintToken();
  const dashboard = createDashboard({ orchestrator: fakeOrchestrator([session]), tokenHash: hash });
  try {
    const page = await (
      await dashboard.fetch(new Request(`${ORIGIN}/`, { headers: { authorization: header } }))
    ).text();
    expect(page).toMatch(/<table class="sessions">\s*<caption>Live sessions 1–1 of 1, newest first<\/caption>/);
    expect(page).toContain(
      '<th scope="col" class="num"><a href="/?page=1&amp;size=50&amp;sort=left&amp;dir=asc">Time left</a></th>',
    );
    expect(page).toContain(
      '<th scope="col" class="num" aria-sort="ascending"><a href="/?page=1&amp;size=50&amp;sort=age&amp;dir=desc">Age</a>',
    );
    expect(page).toContain(`<th scope="row"><a href="/sessions/${session.id}">`);
    expect(page).toContain(`aria-label="Terminate session ${session.id}"`);
    expect(page).toContain('<dialog id="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-text">');
    expect(page).toContain('role="status" aria-live="polite"');
    expect(page).toContain('<a href="/" aria-current="page">Sessions</a>');
  } finally {
    await dashboard.close();
  }
});

test('with the orchestrator’s spend(), the summary adds spend in all and the budget, per user when filtered', async () => {
  const sessions = [fakeSession(0, START, { userId: 'ada' })];
  const asked: unknown[] = [];
  const orchestrator = {
    ...fakeOrchestrator(sessions),
    async spend(filter?: { userId?: string }) {
      asked.push(filter);
      return { totalUsd: 12.5, endedUsd: 12.5, liveUsd: 0, limitUsd: 100 };
    },
  };
  const { hash, header } = await mintToken();
  const dashboard = createDashboard({ orchestrator, tokenHash: hash });
  try {
    const get = (path: string) =>
      dashboard.fetch(new Request(`${ORIGIN}${path}`, { headers: { authorization: header } }));
    expect(await (await get('/?user=ada')).text()).toContain('$12.50 in all, ended sessions included (budget $100.00)');
    expect(asked).toEqual([{ userId: 'ada' }]);
    const api = (await (await get('/api/sessions')).json()) as { spend: unknown };
    expect(api.spend).toEqual({ totalUsd: 12.5, endedUsd: 12.5, limitUsd: 100 });

    orchestrator.spend = async () => {
      throw new Error('store down');
    };
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain('in all');
  } finally {
    await dashboard.close();
  }
});

test('sorting by price puts sessions without a price last, whichever the direction', () => {
  const priced = (i: number, costPerHour: number) =>
    fakeSession(i, START, {
      compute: { id: `c${i}`, provider: 'mock', status: 'running', gpuCount: 1, ports: [], costPerHour },
    });
  const sessions = [fakeSession(0, START), priced(1, 1), priced(2, 4), priced(3, 2)];
  const now = START + 3_600_000;
  const ids = (direction: 'ascending' | 'descending') =>
    sortSessions(sessions, { column: 'price', direction }, now).map((s) => s.id);
  expect(ids('descending')).toEqual(['s000000002', 's000000003', 's000000001', 's000000000']);
  expect(ids('ascending')).toEqual(['s000000001', 's000000003', 's000000002', 's000000000']);
  expect(parseSort(new URLSearchParams('sort=__proto__'))).toEqual({ column: 'age', direction: 'ascending' });
  expect(parseSort(new URLSearchParams('sort=spend'))).toEqual({ column: 'spend', direction: 'descending' });
});
