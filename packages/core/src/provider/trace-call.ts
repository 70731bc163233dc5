import { isAtlasError } from '../errors/atlas-error.js';
import { emit } from '../http/emit.js';
import type { HttpHooks } from '../http/events.js';
import { nextTelemetryId } from '../telemetry/ids.js';

const NOTHING = (): void => {};

/**
 * Emits `onCallStart` now and returns the function that emits `onCallEnd` (with the error kind
 * when the call failed). Costs nothing when the call has no hooks for calls.
 */
export function traceCall(hooks: HttpHooks | undefined, provider: string, operation: string): (error: unknown) => void {
  if (hooks === undefined || (hooks.onCallStart === undefined && hooks.onCallEnd === undefined)) return NOTHING;
  const callId = nextTelemetryId('call');
  const started = performance.now();
  emit(hooks, 'onCallStart', { provider, operation, callId });
  return (error) => {
    const durationMs = performance.now() - started;
    const errorKind = error === undefined ? undefined : isAtlasError(error) ? error.kind : 'unknown';
    emit(hooks, 'onCallEnd', {
      provider,
      operation,
      callId,
      durationMs,
      ...(errorKind === undefined ? {} : { errorKind }),
    });
  };
}
