import type { HttpHooks } from '@atlas/core';
import { type Meter, metrics, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import { VERSION } from './version.js';

export interface OtelHooksOptions {
  /** Default: the global tracer provider's tracer named `@atlas/otel`. */
  readonly tracer?: Tracer;
  /** Default: the global meter provider's meter named `@atlas/otel`. */
  readonly meter?: Meter;
}

const SCOPE = '@atlas/otel';

/**
 * Atlas's telemetry hooks as OpenTelemetry spans and metrics. Pass the result as `hooks` in
 * createAtlas's `context`, on a call, or in a provider's settings:
 * - one CLIENT span per HTTP attempt, named by the method, with the HTTP client semantic
 *   conventions (`http.request.method`, `url.full` already redacted by core, `server.address`,
 *   `http.response.status_code`, `http.request.resend_count`, `error.type`) and `atlas.provider`;
 * - one INTERNAL span per provider call (`atlas.spawnCompute`, ...) with `atlas.provider`,
 *   `atlas.operation` and, on failure, `atlas.error.kind` and an error status;
 * - metrics: `atlas.calls` and `atlas.errors` (by kind) counters, `atlas.call.duration`,
 *   `atlas.http.retries` (by reason) and `atlas.rate_limit.wait` (ms waited after a 429).
 * Events carry no bodies, headers, keys or env values, so neither do spans and metrics.
 */
export function createOtelHooks(options: OtelHooksOptions = {}): HttpHooks {
  const tracer = options.tracer ?? trace.getTracer(SCOPE, VERSION);
  const meter = options.meter ?? metrics.getMeter(SCOPE, VERSION);
  const calls = meter.createCounter('atlas.calls', {
    description: 'Provider calls, by provider, operation and outcome',
  });
  const errors = meter.createCounter('atlas.errors', { description: 'Failed provider calls, by AtlasError kind' });
  const duration = meter.createHistogram('atlas.call.duration', { unit: 'ms', description: 'Provider call duration' });
  const retries = meter.createCounter('atlas.http.retries', { description: 'HTTP retries, by reason' });
  const rateLimitWait = meter.createHistogram('atlas.rate_limit.wait', {
    unit: 'ms',
    description: 'Time waited before a retry that a 429 asked for',
  });
  // Open spans by request attempt and by call; removed when they end, so nothing accumulates.
  const attempts = new Map<string, Span>();
  const callSpans = new Map<string, Span>();
  const attemptKey = (requestId: string, attempt: number) => `${requestId}#${attempt}`;

  return {
    onRequest(event) {
      const span = tracer.startSpan(event.method, {
        kind: SpanKind.CLIENT,
        attributes: {
          'http.request.method': event.method,
          'url.full': event.url,
          'server.address': hostOf(event.url),
          'http.request.resend_count': event.attempt - 1,
          'atlas.provider': event.provider,
        },
      });
      attempts.set(attemptKey(event.requestId, event.attempt), span);
    },
    onResponse(event) {
      const key = attemptKey(event.requestId, event.attempt);
      const span = attempts.get(key);
      if (span === undefined) return;
      attempts.delete(key);
      span.setAttribute('http.response.status_code', event.status);
      if (event.status >= 400) {
        span.setAttribute('error.type', String(event.status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
    onAttemptFailed(event) {
      const key = attemptKey(event.requestId, event.attempt);
      const span = attempts.get(key);
      if (span === undefined) return;
      attempts.delete(key);
      span.setAttribute('error.type', event.reason);
      span.setStatus({ code: SpanStatusCode.ERROR, message: event.reason });
      span.end();
    },
    onRetry(event) {
      retries.add(1, { 'atlas.provider': event.provider, 'atlas.retry.reason': event.reason });
      if (event.reason === '429') rateLimitWait.record(event.delayMs, { 'atlas.provider': event.provider });
    },
    onCallStart(event) {
      const span = tracer.startSpan(`atlas.${event.operation}`, {
        kind: SpanKind.INTERNAL,
        attributes: { 'atlas.provider': event.provider, 'atlas.operation': event.operation },
      });
      callSpans.set(event.callId, span);
    },
    onCallEnd(event) {
      const outcome = event.errorKind === undefined ? 'ok' : 'error';
      const attributes = { 'atlas.provider': event.provider, 'atlas.operation': event.operation };
      calls.add(1, { ...attributes, 'atlas.outcome': outcome });
      duration.record(event.durationMs, attributes);
      if (event.errorKind !== undefined) errors.add(1, { ...attributes, 'atlas.error.kind': event.errorKind });
      const span = callSpans.get(event.callId);
      if (span === undefined) return;
      callSpans.delete(event.callId);
      if (event.errorKind !== undefined) {
        span.setAttribute('atlas.error.kind', event.errorKind);
        span.setStatus({ code: SpanStatusCode.ERROR, message: event.errorKind });
      }
      span.end();
    },
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}
