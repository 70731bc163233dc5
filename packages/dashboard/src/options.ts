import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Provider } from '@atlas/core';
import type { OrchestratorEvent, Session } from '@atlas/orchestrator';

/**
 * What the dashboard needs of an orchestrator, structurally: an `Orchestrator` from
 * `@atlas/orchestrator` fits, and so does a test double. `stop`, `start`, `providers` and
 * `spend` are optional: without `stop` there is no Stop button, without `start` no Start button.
 */
export interface DashboardOrchestrator {
  readonly ownerId: string;
  list(filter?: { readonly userId?: string }): Promise<readonly Session[]>;
  get(id: string): Promise<Session | undefined>;
  touch(id: string): Promise<unknown>;
  release(id: string): Promise<void>;
  stop?(id: string): Promise<unknown>;
  /** The reverse of stop. */
  start?(id: string): Promise<unknown>;
  events(filter?: { readonly signal?: AbortSignal }): AsyncIterable<OrchestratorEvent>;
  providers?(): readonly string[];
  /** Spend including ended sessions, and the budget that applies, when the orchestrator keeps them. */
  spend?(filter?: { readonly userId?: string }): Promise<OrchestratorSpend>;
}

/** What the dashboard reads of the orchestrator's spend summary. */
export interface OrchestratorSpend {
  readonly totalUsd: number;
  readonly endedUsd?: number;
  readonly limitUsd?: number;
}

export interface DashboardOptions {
  readonly orchestrator: DashboardOrchestrator;
  /**
   * Providers whose machines the Machines page lists (all of them, including those the
   * orchestrator does not track), by name. Only `listCompute` is called: the page never acts on a machine.
   */
  readonly providers?: Readonly<Record<string, Provider>>;
  /** SHA-256 hex of the access token (`mintToken().hash`); the token itself is never given to the dashboard. */
  readonly tokenHash: string;
  /** Where the dashboard is mounted, e.g. '/ops/'; default '/'. */
  readonly basePath?: string;
  /** Sessions per page; default 50 (a `size` query asks for another, at most 500). */
  readonly pageSize?: number;
  /** ms since the epoch; default Date.now. Ages, idle times and spend are computed with it. */
  readonly clock?: () => number;
}

export interface Dashboard {
  /** The web-standard handler (Node 18+, Bun, Deno, workers). */
  fetch(request: Request): Promise<Response>;
  /** The same app as a Node `http` request listener. */
  readonly node: (req: IncomingMessage, res: ServerResponse) => void;
  /** Ends every open event stream and stops following the orchestrator's events. */
  close(): Promise<void>;
}
