import { type Html, html } from '../html.js';
import type { SessionView } from '../session-view.js';

/**
 * Touch, Stop and Terminate for one session, each labelled with the session id for a screen
 * reader. The buttons only open the confirm dialog; the script sends the POST. What the
 * orchestrator would refuse anyway is disabled: only an active session can be acted on.
 */
export function sessionActions(view: SessionView, canStop: boolean): Html {
  const idle = view.state !== 'active';
  const stopped = view.status === 'stopped';
  const button = (action: string, label: string, disabled: boolean, danger = false) =>
    html`<button type="button" id="${action}-${view.id}" data-action="${action}" data-session="${view.id}" aria-label="${label} session ${view.id}"${danger ? html` class="danger"` : ''}${disabled ? html` disabled` : ''}>${label}</button>`;
  return html`<div class="actions">${button('touch', 'Touch', idle)}${canStop ? button('stop', 'Stop', idle || stopped) : ''}${button('terminate', 'Terminate', idle, true)}</div>`;
}
