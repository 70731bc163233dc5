import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultOperation } from '@atlas/core/testing';
import type { FakeResponse } from '@atlas/fake-kit';
import type { Check } from './body-checks.js';

export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly path: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

/** A route of the fake; matched by `Router` of `@atlas/fake-kit`. */
export interface Route {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** `{name}` segments become params: `/v2/pods/{id}/action`. */
  readonly pattern: string;
  /** The fault-injector operation this request counts as (may depend on the body, e.g. pod actions). */
  readonly operation?: FaultOperation | ((body: unknown) => FaultOperation | undefined);
  /** The request body's schema, checked when validateRequests is on. */
  readonly body?: Check;
  /** Returns the response, or undefined when the handler wrote a streaming response itself. */
  readonly handle: (ctx: RouteContext) => FakeResponse | undefined | Promise<FakeResponse | undefined>;
}
