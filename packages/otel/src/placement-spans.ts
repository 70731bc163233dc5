import { SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { VERSION } from './version.js';

/** The shape of `@atlas/placement`'s attempt events, structurally (this package does not depend on it). */
export interface PlacementAttemptEvent {
  readonly type: 'attempt';
  readonly attempt: {
    readonly offer: { readonly provider: string; readonly nativeId: string; readonly pricePerHour: number };
    readonly outcome: string;
    readonly errorKind?: string;
    readonly durationMs: number;
  };
}

/**
 * An `onEvent` for `place()`: one span per attempt (`atlas.placement.attempt`), back-dated to when
 * the attempt began, with the offer, the outcome and, on failure, the error kind.
 */
export function placementSpans(tracer: Tracer = trace.getTracer('@atlas/otel', VERSION)) {
  return (event: PlacementAttemptEvent): void => {
    const { attempt } = event;
    const end = Date.now();
    const span = tracer.startSpan('atlas.placement.attempt', {
      kind: SpanKind.INTERNAL,
      startTime: end - attempt.durationMs,
      attributes: {
        'atlas.provider': attempt.offer.provider,
        'atlas.placement.offer': attempt.offer.nativeId,
        'atlas.placement.price_per_hour': attempt.offer.pricePerHour,
        'atlas.placement.outcome': attempt.outcome,
        ...(attempt.errorKind === undefined ? {} : { 'atlas.error.kind': attempt.errorKind }),
      },
    });
    if (attempt.outcome !== 'placed') span.setStatus({ code: SpanStatusCode.ERROR, message: attempt.outcome });
    span.end(end);
  };
}
