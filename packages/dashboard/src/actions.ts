import { isAtlasError } from '@atlas/core';
import type { EventLog } from './event-log.js';
import type { DashboardOrchestrator } from './options.js';
import { errorJson, jsonResponse } from './responses.js';

export type ActionName = 'touch' | 'stop' | 'start' | 'terminate';

export const ACTION_NAMES: readonly ActionName[] = ['touch', 'stop', 'start', 'terminate'];

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
/** The orchestrator method behind an action; undefined when this orchestrator has none (stop, start). */
function methodFor(
  orchestrator: DashboardOrchestrator,
  action: ActionName,
): ((id: string) => Promise<unknown>) | undefined {
  const { stop, start } = orchestrator;
  switch (action) {
    case 'touch':
      return (id) => orchestrator.touch(id);
    case 'terminate':
      return (id) => orchestrator.release(id);
    case 'stop':
      return stop === undefined ? undefined : (id) => stop.call(orchestrator, id);
    case 'start':
      return start === undefined ? undefined : (id) => start.call(orchestrator, id);
  }
}

export async function runAction(
  orchestrator: DashboardOrchestrator,
  log: EventLog,
  action: ActionName,
  sessionId: string,
): Promise<Response> {
  const method = methodFor(orchestrator, action);
  if (method === undefined) return errorJson(501, 'unsupported', `This orchestrator cannot ${action} a session`);
  log.addAction({ action, sessionId, outcome: 'requested' });
  try {
    await method(sessionId);
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
