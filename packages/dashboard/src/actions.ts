import { isAtlasError } from '@atlas/core';
import type { EventLog } from './event-log.js';
import type { DashboardOrchestrator } from './options.js';
import { errorJson, jsonResponse } from './responses.js';

export type ActionName = 'touch' | 'stop' | 'terminate';

export const ACTION_NAMES: readonly ActionName[] = ['touch', 'stop', 'terminate'];

const STATUS_BY_KIND: Record<string, number> = {
  not_found: 404,
  conflict: 409,
  unsupported: 501,
  validation: 400,
};

/**
 * Runs one action on the orchestrator (terminate is `release`: the session ends once the machine
 * is gone) and records it in the action log twice: when asked, and how it went. The answer carries
 * the AtlasError's kind, and its message only for the orchestrator's own refusals.
 */
export async function runAction(
  orchestrator: DashboardOrchestrator,
  log: EventLog,
  action: ActionName,
  sessionId: string,
): Promise<Response> {
  if (action === 'stop' && orchestrator.stop === undefined) {
    return errorJson(501, 'unsupported', 'This orchestrator cannot stop a session');
  }
  log.addAction({ action, sessionId, outcome: 'requested' });
  try {
    if (action === 'touch') await orchestrator.touch(sessionId);
    else if (action === 'stop') await orchestrator.stop!(sessionId);
    else await orchestrator.release(sessionId);
  } catch (error) {
    const kind = isAtlasError(error) ? error.kind : 'unknown';
    log.addAction({ action, sessionId, outcome: 'failed', errorKind: kind });
    const status = STATUS_BY_KIND[kind];
    // The orchestrator's own refusals (no such session, still spawning) are worth reading; any other
    // failure may come from a store whose message names a connection string: its kind only.
    const message = status !== undefined && isAtlasError(error) ? error.message : `The ${action} failed (${kind})`;
    return errorJson(status ?? 502, kind, message);
  }
  log.addAction({ action, sessionId, outcome: 'done' });
  return jsonResponse({ ok: true, action, sessionId });
}
