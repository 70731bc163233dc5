import { Script } from 'node:vm';
import { mintToken } from '@atlas/core';
import type { OrchestratorEvent } from '@atlas/orchestrator';
import { expect, test } from 'vitest';
import { CLIENT_SCRIPT } from '../src/assets/client.js';
import { eventView } from '../src/event-view.js';
import { createDashboard } from '../src/index.js';
import { sessionView } from '../src/session-view.js';
import { spendWith } from '../src/spend.js';
import { fakeOrchestrator, fakeSession } from './fake-orchestrator.js';
import { ORIGIN } from './harness.js';

const START = Date.UTC(2026, 11, 1);

test('the page script is valid JavaScript', () => {
  expect(() => new Script(CLIENT_SCRIPT)).not.toThrow();
});

test('spend is price per hour times the time billed, from billedFrom when the session has it', () => {
  const priced = fakeSession(0, START, {
    compute: { id: 'c-0', provider: 'mock', status: 'running', gpuCount: 1, ports: [], costPerHour: 2 },
  });
  // Without the orchestrator's function (the third argument), the fallback formula.
  expect(spendWith(undefined, priced, START + 90 * 60_000)).toBeCloseTo(3);
  const billedLater = { ...priced, billedFrom: START + 30 * 60_000, pricePerHour: 4 };
  expect(spendWith(undefined, billedLater, START + 90 * 60_000)).toBeCloseTo(4);
  expect(spendWith(undefined, fakeSession(1, START), START + 60_000)).toBeUndefined();
  // With the orchestrator's function, its answer.
  expect(spendWith(() => 1.25, priced, START)).toBe(1.25);
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
          outcome: 'failed',
          errorKind: 'capacity',
          durationMs: 40,
        },
        { provider: 'lambda-labs', region: 'us-west', pricePerHour: 2.49, outcome: 'placed', durationMs: 900 },
      ],
    },
  } as never);
  const { hash, header } = await mintToken();
  const dashboard = createDashboard({ orchestrator: fakeOrchestrator([session]), tokenHash: hash });
  try {
    const page = await (
      await dashboard.fetch(new Request(`${ORIGIN}/sessions/${session.id}`, { headers: { authorization: header } }))
    ).text();
    expect(page).toContain('Placement attempts, in the order they were made (landed on lambda-labs/us-west)');
    expect(page.indexOf('>runpod<')).toBeLessThan(page.indexOf('>placed<'));
    expect(page).toContain('<td>capacity</td>');
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
    expect(page).toContain('<th scope="col" class="num">Time left</th>');
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
