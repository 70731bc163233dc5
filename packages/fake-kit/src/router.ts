import { compilePathPattern } from './path-pattern.js';

/** The part of a route the router reads; the rest (handler, checks, operation) is the fake's own. */
export interface RoutePattern {
  readonly method: string;
  /** `{name}` segments become params: `/v2/pods/{id}/action`. */
  readonly pattern: string;
}

export interface RouteMatch<R extends RoutePattern> {
  readonly route: R;
  readonly params: Record<string, string>;
}

interface CompiledRoute<R> {
  readonly route: R;
  readonly regex: RegExp;
  readonly names: readonly string[];
}

/** Matches method + path against a route table; tells 404 from 405 (with the allowed methods) like a real API. */
export class Router<R extends RoutePattern> {
  readonly #routes: CompiledRoute<R>[];

  /** `prefix` is put before every pattern (`/api/v1`). */
  constructor(routes: readonly R[], prefix = '') {
    this.#routes = routes.map((route) => ({ route, ...compilePathPattern(prefix + route.pattern) }));
  }

  match(method: string, path: string): RouteMatch<R> | { allow: string[] } | undefined {
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
        params[name] = decodeURIComponent(found[i + 1] as string);
      });
      return { route, params };
    }
    return allow.length > 0 ? { allow } : undefined;
  }
}
