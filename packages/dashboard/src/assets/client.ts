/**
 * The page's script, served from /assets/dashboard.js (plain ES2020, no build step in the browser,
 * no dependency). It follows /api/events over server-sent events and, per event, re-fetches the
 * server-rendered fragments of the page and prepends rows to event tables; it runs the confirm
 * dialog of every action, sends the action with the CSRF token, and announces what happened in
 * the polite live region. Written without backticks so it can live in this string.
 */
export const CLIENT_SCRIPT = String.raw`
const meta = (name) => document.querySelector('meta[name="' + name + '"]')?.getAttribute('content') ?? '';
const base = meta('atlas-base');
const csrf = meta('atlas-csrf');
const live = document.getElementById('live');
const connection = document.getElementById('connection');
const dialog = document.getElementById('confirm');
const MAX_EVENT_ROWS = 500;

// Announcements are throttled: a busy orchestrator must not flood a screen reader.
let announceTimer;
let lastAnnouncement = '';
let announced = 0;
function announce(text, now) {
  lastAnnouncement = text;
  announced += 1;
  if (now) return flushAnnouncement();
  if (announceTimer === undefined) announceTimer = setTimeout(flushAnnouncement, 2000);
}
function flushAnnouncement() {
  clearTimeout(announceTimer);
  announceTimer = undefined;
  if (live === null || announced === 0) return;
  live.textContent = announced > 1 ? lastAnnouncement + ' (and ' + (announced - 1) + ' more updates)' : lastAnnouncement;
  announced = 0;
}

// Fragments: server-rendered parts of the page, re-fetched (at most every 300 ms) when an event
// concerns them. Focus survives the swap: the element with the same id gets it back.
const dirty = new Set();
/** The markup each fragment last got: an unchanged answer leaves the DOM (and a reader's place in it) alone. */
const lastMarkup = new WeakMap();
let refreshTimer;
function refresh(element) {
  dirty.add(element);
  if (refreshTimer === undefined) refreshTimer = setTimeout(flushRefresh, 300);
}
function refreshAll() {
  for (const element of document.querySelectorAll('[data-fragment]')) refresh(element);
}
async function flushRefresh() {
  refreshTimer = undefined;
  // Paused: resuming fetches everything again.
  if (paused) return;
  // Never swap the rows under an open confirm dialog: its button would vanish.
  if (dialog?.open) {
    refreshTimer = setTimeout(flushRefresh, 500);
    return;
  }
  const elements = [...dirty];
  dirty.clear();
  for (const element of elements) {
    if (element.dataset.fragment === undefined) continue;
    let response;
    try {
      response = await fetch(element.dataset.fragment, { credentials: 'same-origin' });
    } catch {
      continue;
    }
    if (response.status === 401) return signedOut();
    if (response.status === 404 && element.dataset.session !== undefined) {
      sessionEnded(element);
      continue;
    }
    if (!response.ok) continue;
    const markup = await response.text();
    if (lastMarkup.get(element) === markup) continue;
    lastMarkup.set(element, markup);
    const focused = element.contains(document.activeElement) ? document.activeElement.id : '';
    element.innerHTML = markup;
    if (focused !== '') (document.getElementById(focused) ?? element).focus();
  }
}

// A session's page whose session has ended: say so instead of showing its last state as live.
function sessionEnded(element) {
  const note = document.createElement('p');
  note.textContent = 'This session has ended; its events stay below.';
  const hadFocus = element.contains(document.activeElement);
  element.replaceChildren(note);
  delete element.dataset.fragment;
  if (hadFocus) element.focus();
  announce('Session ' + element.dataset.session + ' has ended.');
}

function signedOut() {
  if (connection) connection.textContent = 'Signed out: reload to sign in';
  announce('Signed out. Reload the page to sign in again.', true);
}

function formatTime(ms) {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

function cell(row, text) {
  const td = row.insertCell();
  td.textContent = text;
  return td;
}

function eventRow(entry) {
  const row = document.createElement('tr');
  row.className = entry.kind;
  cell(row, formatTime(entry.at)).className = 'time';
  cell(row, entry.type);
  const session = cell(row, entry.sessionId === undefined ? '—' : '');
  if (entry.sessionId !== undefined) {
    const link = document.createElement('a');
    link.href = base + 'sessions/' + encodeURIComponent(entry.sessionId);
    link.textContent = entry.sessionId;
    session.append(link);
  }
  cell(row, entry.summary);
  return row;
}

function describe(entry) {
  if (entry.type === 'spawned') return 'Session ' + entry.sessionId + ' spawned';
  if (entry.type === 'terminated') return 'Session ' + entry.sessionId + ' ended';
  if (entry.kind === 'action') return 'Session ' + entry.sessionId + ': ' + entry.summary;
  return undefined;
}

// Pause (WCAG 2.2.2): nothing on the page moves until resumed; what arrived meanwhile is shown then.
const pauseButton = document.getElementById('pause');
let paused = false;
const held = [];
function setPaused(value) {
  paused = value;
  pauseButton?.setAttribute('aria-pressed', String(paused));
  if (connection) connection.textContent = paused ? 'Live updates: paused' : 'Live updates: on';
  if (paused) return;
  for (const entry of held.splice(0)) onEntry(entry);
  refreshAll();
}
pauseButton?.addEventListener('click', () => setPaused(!paused));

function onEntry(entry) {
  if (paused) {
    held.push(entry);
    if (held.length > MAX_EVENT_ROWS) held.shift();
    return;
  }
  for (const element of document.querySelectorAll('[data-fragment]')) {
    const only = element.dataset.session;
    if (only === undefined || only === entry.sessionId) refresh(element);
  }
  for (const body of document.querySelectorAll('tbody[data-events]')) {
    const only = body.dataset.session;
    if (only !== undefined && only !== entry.sessionId) continue;
    body.querySelector('tr.empty')?.remove();
    body.prepend(eventRow(entry));
    while (body.rows.length > MAX_EVENT_ROWS) body.deleteRow(-1);
  }
  const text = describe(entry);
  if (text !== undefined) announce(text);
}

// Ages, idle times and spend move without events: refresh what is on screen now and then.
const TICK_MS = 15000;
setInterval(() => {
  if (document.visibilityState === 'visible' && !paused) refreshAll();
}, TICK_MS);

if (document.querySelector('[data-fragment], tbody[data-events]') !== null && 'EventSource' in window) {
  const source = new EventSource(base + 'api/events');
  if (pauseButton) pauseButton.hidden = false;
  source.addEventListener('open', () => {
    if (connection) connection.textContent = paused ? 'Live updates: paused' : 'Live updates: on';
    // Whatever happened while disconnected: fetch the fragments again.
    refreshAll();
  });
  source.addEventListener('error', () => {
    // Closed for good: the server refused the reconnect (the login expired or was signed out).
    if (source.readyState === EventSource.CLOSED) return signedOut();
    if (connection && !paused) connection.textContent = 'Live updates: reconnecting…';
  });
  source.addEventListener('message', (message) => {
    try {
      onEntry(JSON.parse(message.data));
    } catch {
      // A malformed entry is skipped; the next one still updates the page.
    }
  });
}

// Actions: every button opens the confirm dialog (focus moves to Cancel, the safe choice), and focus
// returns to the button, or to the element that took its place, when the dialog closes.
const ACTIONS = {
  touch: { verb: 'Touch', done: 'touched', text: 'Its idle deadline moves to now plus its idle timeout.' },
  stop: { verb: 'Stop', done: 'stopped', text: 'The machine is stopped at the provider; the session stays until its deadlines.' },
  start: { verb: 'Start', done: 'started', text: 'The stopped machine is started again at the provider.' },
  terminate: { verb: 'Terminate', done: 'terminated', text: 'The machine is terminated at the provider and the session ends. This cannot be undone.' },
};
let pending;
let opener;

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null;
  if (button === null || dialog === null || button.disabled) return;
  const action = ACTIONS[button.dataset.action];
  if (action === undefined) return;
  pending = { name: button.dataset.action, sessionId: button.dataset.session, action };
  opener = button;
  document.getElementById('confirm-title').textContent = action.verb + ' session ' + pending.sessionId + '?';
  document.getElementById('confirm-text').textContent = action.text;
  const confirmButton = dialog.querySelector('[data-dialog="confirm"]');
  confirmButton.textContent = action.verb;
  confirmButton.setAttribute('aria-label', action.verb + ' session ' + pending.sessionId);
  dialog.returnValue = '';
  dialog.showModal();
  dialog.querySelector('[data-dialog="cancel"]').focus();
});

dialog?.addEventListener('click', (event) => {
  const choice = event.target instanceof Element ? event.target.closest('[data-dialog]') : null;
  if (choice !== null) dialog.close(choice.dataset.dialog);
});

dialog?.addEventListener('close', () => {
  const chosen = pending;
  const from = opener;
  pending = undefined;
  opener = undefined;
  if (from !== undefined) (from.isConnected ? from : (document.getElementById(from.id) ?? document.getElementById('main')))?.focus();
  if (dialog.returnValue === 'confirm' && chosen !== undefined) void run(chosen);
});

async function run(chosen) {
  const label = 'session ' + chosen.sessionId;
  announce(chosen.action.verb + ' ' + label + '…', true);
  let response;
  try {
    response = await fetch(base + 'api/sessions/' + encodeURIComponent(chosen.sessionId) + '/' + chosen.name, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrf },
    });
  } catch {
    announce('Could not reach the dashboard to ' + chosen.name + ' ' + label + '.', true);
    return;
  }
  if (response.status === 401) return signedOut();
  const body = await response.json().catch(() => ({}));
  if (response.ok) announce('Session ' + chosen.sessionId + ' ' + chosen.action.done + '.', true);
  else announce('Could not ' + chosen.name + ' ' + label + ': ' + (body.error?.message ?? 'HTTP ' + response.status), true);
  refreshAll();
}

for (const button of document.querySelectorAll('[data-logout]')) {
  button.addEventListener('click', async () => {
    await fetch(base + 'logout', { method: 'POST', credentials: 'same-origin', headers: { 'x-csrf-token': csrf } });
    location.assign(base);
  });
}
`;
