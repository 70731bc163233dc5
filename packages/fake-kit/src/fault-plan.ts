import type { IncomingMessage, ServerResponse } from 'node:http';
import { sleep } from '@atlas/core/provider';
import type { Fault } from '@atlas/core/testing';
import { closeSignal, type FakeResponse, send } from './http-io.js';

/** The fake's own error envelope for a fault that gives a status but no body. */
export type InjectedError = (status: number, headers: Record<string, string>) => FakeResponse;

/** Where one request's fault acts, in the order a fake's handler reaches those points. */
export interface FaultPlan {
  /**
   * Waits the fault's `delayMs` (cut short when the client leaves), then answers (or drops the
   * socket) instead of the route when the fault says how. True when the request is answered: the
   * handler returns.
   */
  before(): Promise<boolean>;
  /** Holds a `commitAfterMs` create; not bound to the client, so the create lands even after it gave up. */
  commit(): Promise<void>;
  /**
   * After the route did its work (`afterCreate`, or a held commit with an answer): answers with
   * the fault instead of the route's response. True when the request is answered.
   */
  after(): boolean;
}

/** Whether the fault says how to answer (a status, a body, a reset), rather than only when. */
function hasAnswer(fault: Fault): boolean {
  return (
    fault.resetConnection === true ||
    fault.status !== undefined ||
    fault.body !== undefined ||
    fault.retryAfterSeconds !== undefined
  );
}

/** The answer a fault stands for: its status (500, or 429 with only Retry-After), headers and body. */
export function faultResponse(fault: Fault, injectedError: InjectedError): FakeResponse {
  const headers: Record<string, string> = { ...fault.headers };
  if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
  const status = fault.status ?? (fault.retryAfterSeconds !== undefined ? 429 : 500);
  if (fault.body === undefined) return injectedError(status, headers);
  return {
    status,
    body: fault.body,
    headers,
    ...(fault.contentType === undefined ? {} : { contentType: fault.contentType }),
  };
}

/** Plans the request's fault (none: every step is a no-op). */
export function faultPlan(
  fault: Fault | undefined,
  req: IncomingMessage,
  res: ServerResponse,
  injectedError: InjectedError,
): FaultPlan {
  const answer = (): true => {
    if (fault?.resetConnection) req.socket.destroy();
    else if (fault) send(res, faultResponse(fault, injectedError));
    return true;
  };
  return {
    async before() {
      if (fault === undefined) return false;
      if (fault.delayMs !== undefined) await sleep(fault.delayMs, closeSignal(res));
      // A fault that only delays lets the request through afterwards; a late commit is served later.
      if (fault.afterCreate || fault.commitAfterMs !== undefined) return false;
      return (hasAnswer(fault) || fault.delayMs === undefined) && answer();
    },
    async commit() {
      if (fault?.commitAfterMs !== undefined) await sleep(fault.commitAfterMs);
    },
    after() {
      if (fault === undefined) return false;
      // The work is done (the machine exists), but the client never learns it: the ambiguous-create case.
      return (fault.afterCreate === true || (fault.commitAfterMs !== undefined && hasAnswer(fault))) && answer();
    },
  };
}
