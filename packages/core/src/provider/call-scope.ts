import type { CallContext } from '../provider.js';

/**
 * Signals that `mergeContexts` collected but did not combine yet. Combining them with
 * `AbortSignal.any` ties one dependent signal per call to a long-lived signal (a shutdown signal
 * given to createAtlas) for as long as that signal lives: about 115 bytes per call, forever. So
 * they travel uncombined until a call starts, and `openCallScope` links them for that call only.
 */
const PENDING_SIGNALS = Symbol.for('atlas.core.pending-signals');

interface WithPendingSignals {
  readonly [PENDING_SIGNALS]?: readonly AbortSignal[];
}

/** A context whose `signal` stands for every one of `signals` (either one aborts the call). */
export function withSignals(context: CallContext, signals: readonly AbortSignal[]): CallContext {
  if (signals.length === 0) return context;
  if (signals.length === 1) return { ...context, signal: signals[0]! };
  const pending: CallContext & WithPendingSignals = { ...context };
  Object.defineProperty(pending, PENDING_SIGNALS, { value: signals, enumerable: false });
  return pending;
}

/** The signals a context carries, combined or not. */
export function signalsOf(context: CallContext): readonly AbortSignal[] {
  const pending = (context as WithPendingSignals)[PENDING_SIGNALS];
  if (pending !== undefined) return pending;
  return context.signal === undefined ? [] : [context.signal];
}

export interface CallScope {
  /** The context for the provider: one real `signal`, aborted when any of the call's signals is. */
  readonly ctx: CallContext;
  /** Unlinks the call's signal from the long-lived ones; call it when the call settles. */
  dispose(): void;
}

const NOTHING_TO_DISPOSE = (): void => {};

/** Links the call's signals into one for the duration of the call, and unlinks them afterwards. */
export function openCallScope(context: CallContext): CallScope {
  const signals = signalsOf(context);
  if (signals.length <= 1) {
    if ((context as WithPendingSignals)[PENDING_SIGNALS] === undefined)
      return { ctx: context, dispose: NOTHING_TO_DISPOSE };
    return { ctx: withSignals(context, signals), dispose: NOTHING_TO_DISPOSE };
  }
  const controller = new AbortController();
  const aborted = signals.find((signal) => signal.aborted);
  if (aborted !== undefined) {
    controller.abort(aborted.reason);
    return { ctx: { ...context, signal: controller.signal }, dispose: NOTHING_TO_DISPOSE };
  }
  const onAbort = (event: Event): void => controller.abort((event.target as AbortSignal).reason);
  for (const signal of signals) signal.addEventListener('abort', onAbort, { once: true });
  return {
    ctx: { ...context, signal: controller.signal },
    dispose: () => {
      for (const signal of signals) signal.removeEventListener('abort', onAbort);
    },
  };
}
