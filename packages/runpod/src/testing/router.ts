import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultOperation } from '@atlas/core/testing';
import type { Check } from './body-checks.js';
import type { FakeResponse } from './http-io.js';

export interface RouteContext {
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  readonly body: unknown;
  readonly path: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

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

/** Compiles `/v2/pods/{id}` into an anchored regular expression that captures each `{name}`. */
export function compilePathPattern(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((segment) => {
      const param = /^\{([^}]+)\}$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${source}$`), names };
}

interface CompiledRoute {
  readonly route: Route;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

/** Matches method + path against a route table; tells 404 from 405 like the real API. */
export class Router {
  readonly #routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.#routes = routes.map((route) => ({ route, ...compilePathPattern(route.pattern) }));
  }

  match(method: string, path: string): RouteMatch | { allow: string[] } | undefined {
    const allow: string[] = [];
    for (const { route, regex, names } of this.#routes) {
      const found = regex.exec(path);
      if (!found) continue;
      if (route.method !== method) {
        allow.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(found[i + 1]!);
      });
      return { route, params };
    }
    return allow.length > 0 ? { allow } : undefined;
  }
}
