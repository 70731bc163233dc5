import { AtlasError, type ErrorKind } from '@atlas/core';
import type { MockProvider } from '@atlas/mock';
import type { Fault, FaultInjector } from '../../src/index.js';

/** The error kind an HTTP provider should derive from the fault; the mock has no wire to break. */
function kindFor(fault: Fault): ErrorKind {
  if (fault.resetConnection) return 'transport';
  const status = fault.status ?? 500;
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status < 300) return 'contract';
  return 'provider';
}

/** A fault that only delays: the request is served normally afterwards. */
function delayOnly(fault: Fault): boolean {
  return (
    fault.delayMs !== undefined &&
    fault.status === undefined &&
    fault.body === undefined &&
    fault.retryAfterSeconds === undefined &&
    !fault.resetConnection
  );
}

/**
 * A FaultInjector over the mock's failNext and delayNext. It has no `count`: the mock serves no
 * HTTP, so the retry scenario (a 500 on get) does not apply to it.
 */
export function mockFaultInjector(provider: () => MockProvider): FaultInjector {
  return {
    inject(operation, fault) {
      if (delayOnly(fault)) {
        provider().delayNext(operation, fault.delayMs ?? 0, { times: fault.times ?? 1 });
        return;
      }
      const kind = kindFor(fault);
      const error =
        kind === 'rate_limited'
          ? new AtlasError({
              kind,
              provider: provider().id,
              status: 429,
              message: 'injected 429',
              retryAfterMs: (fault.retryAfterSeconds ?? 1) * 1000,
            })
          : kind;
      provider().failNext(operation, error, { times: fault.times ?? 1, afterCreate: fault.afterCreate ?? false });
    },
    clear() {
      provider().clearFaults();
    },
  };
}
