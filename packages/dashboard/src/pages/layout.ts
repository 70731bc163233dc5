import { type Html, html } from '../html.js';

export type Section = 'sessions' | 'machines' | 'events';

export interface PageContext {
  /** The mount path, starting and ending with '/'. */
  readonly base: string;
  /** Sent back by the page's script in `x-csrf-token` with every action. */
  readonly csrf: string;
}

const SECTIONS: readonly { id: Section; label: string; path: string }[] = [
  { id: 'sessions', label: 'Sessions', path: '' },
  { id: 'machines', label: 'Machines', path: 'machines' },
  { id: 'events', label: 'Events', path: 'events' },
];

/**
 * The frame of every page: navigation, the polite live region the script announces updates in,
 * and the one confirm dialog every action goes through (labelled, focus moved in and back out).
 */
export function layout(ctx: PageContext, section: Section | undefined, title: string, main: Html): Html {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="atlas-base" content="${ctx.base}">
<meta name="atlas-csrf" content="${ctx.csrf}">
<title>${title} · Atlas dashboard</title>
<link rel="icon" href="${ctx.base}favicon.ico">
<link rel="stylesheet" href="${ctx.base}assets/dashboard.css">
<script type="module" src="${ctx.base}assets/dashboard.js"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<p class="brand"><a href="${ctx.base}">Atlas dashboard</a></p>
<nav aria-label="Sections"><ul>${SECTIONS.map(
    (s) =>
      html`<li><a href="${ctx.base}${s.path}"${s.id === section ? html` aria-current="page"` : ''}>${s.label}</a></li>`,
  )}</ul></nav>
<p class="connection" id="connection">Live updates: off</p>
<button type="button" class="quiet" id="pause" aria-pressed="false" hidden>Pause live updates</button>
<button type="button" class="quiet" data-logout>Sign out</button>
</header>
<main id="main" tabindex="-1">
<noscript><p class="muted">Without JavaScript the pages show a snapshot: live updates and actions need it.</p></noscript>
${main}
</main>
<div id="live" class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"></div>
<dialog id="confirm" aria-labelledby="confirm-title" aria-describedby="confirm-text">
<h2 id="confirm-title">Confirm</h2>
<p id="confirm-text"></p>
<div class="buttons">
<button type="button" data-dialog="cancel" autofocus>Cancel</button>
<button type="button" data-dialog="confirm" class="danger">Confirm</button>
</div>
</dialog>
</body>
</html>
`;
}
