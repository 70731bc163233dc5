import type { HttpHooks } from './events.js';

type HookName = keyof HttpHooks;
type EventOf<K extends HookName> = Parameters<NonNullable<HttpHooks[K]>>[0];

/**
 * Call a telemetry hook without letting it break the request: a hook that throws, or returns a
 * promise that rejects, is ignored. Telemetry must never change what a call returns.
 */
export function emit<K extends HookName>(hooks: HttpHooks, name: K, event: EventOf<K>): void {
  const hook = hooks[name] as ((this: HttpHooks, event: EventOf<K>) => unknown) | undefined;
  if (hook === undefined) return;
  try {
    const result = hook.call(hooks, event);
    if (result instanceof Promise) result.catch(ignore);
  } catch {
    // ignored on purpose: see above
  }
}

function ignore(): void {}
