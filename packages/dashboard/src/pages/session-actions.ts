import { type Html, html } from '../html.js';
import type { SessionView } from '../session-view.js';

/** Which of the optional orchestrator methods exist: a missing one has no button. */
export interface Capabilities {
  readonly stop: boolean;
  readonly start: boolean;
}

/**
 * Touch, Stop (Start once stopped) and Terminate for one session, each labelled with the session
 * id for a screen reader. The buttons only open the confirm dialog; the script sends the POST.
 * What the orchestrator would refuse anyway is disabled: only an active session can be acted on.
 */
export function sessionActions(view: SessionView, can: Capabilities): Html {
  const idle = view.state !== 'active';
  const stopped = view.status === 'stopped';
  const button = (action: string, label: string, disabled: boolean, danger = false) =>
    html`<button type="button" id="${action}-${view.id}" data-action="${action}" data-session="${view.id}" aria-label="${label} session ${view.id}"${danger ? html` class="danger"` : ''}${disabled ? html` disabled` : ''}>${label}</button>`;
  return html`<div class="actions">${button('touch', 'Touch', idle)}${stopped && can.start ? button('start', 'Start', idle) : can.stop ? button('stop', 'Stop', idle || stopped) : ''}${button('terminate', 'Terminate', idle, true)}</div>`;
}
