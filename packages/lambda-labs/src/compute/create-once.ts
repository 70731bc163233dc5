import { AtlasError, isAtlasError } from '@atlas/core';
import { toAtlasError } from '@atlas/core/provider';

/*
 * Stand-in for core's ambiguous-create helper (packages/core/src/provider/ambiguous-create.ts,
 * `createOnce`), with its signature, until it lands on main; then this file goes and the import
 * moves to '@atlas/core/provider'.
 */

export function newCreateMarker(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A timeout, a transport failure, a 5xx (but a 503 with Retry-After), or a 2xx we could not read. */
export function isAmbiguousCreateFailure(error: unknown): boolean {
  if (!isAtlasError(error)) return true;
  if (error.kind === 'timeout' || error.kind === 'transport') return true;
  if (error.kind === 'contract') return error.status !== undefined && error.status >= 200 && error.status < 300;
  if (error.status === undefined || error.status < 500) return false;
  return !(error.status === 503 && error.retryAfterMs !== undefined);
}

export interface CreateOnceOptions<T> {
  readonly provider: string;
  readonly name: string;
  readonly marker: string;
  readonly create: () => Promise<T>;
  readonly findByMarker: (marker: string) => Promise<readonly T[]>;
  readonly idOf: (found: T) => string;
  readonly signal?: AbortSignal | undefined;
  readonly noun?: string;
}

/** Sends the create once; an ambiguous failure is settled by the marker, else fails closed. */
export async function createOnce<T>(options: CreateOnceOptions<T>): Promise<T> {
  let failure: AtlasError;
  try {
    return await options.create();
  } catch (error) {
    const aborted = options.signal?.aborted === true;
    if (!aborted && !isAmbiguousCreateFailure(error)) throw error;
    failure = toAtlasError(error, options.provider);
    if (aborted) throw possiblyCreated(options, failure, 'the caller aborted while it was in flight');
  }
  let found: readonly T[];
  try {
    found = await options.findByMarker(options.marker);
  } catch (lookupError) {
    throw possiblyCreated(options, failure, `${failure.message}; looking it up failed too: ${String(lookupError)}`);
  }
  if (found.length === 1) return found[0] as T;
  if (found.length > 1) {
    throw new AtlasError({
      kind: 'conflict',
      provider: options.provider,
      message: `${options.provider}: ${found.length} ${options.noun ?? 'machine'}s carry the marker ${options.marker} of '${options.name}' (${found.map(options.idOf).join(', ')}); refusing to guess which one is ours. Terminate the extra ones.`,
      retryable: false,
      details: { possiblyCreated: true, lookFor: { name: options.name, marker: options.marker } },
      cause: failure,
    });
  }
  throw possiblyCreated(options, failure, `${failure.message}; nothing carries its marker yet`);
}

function possiblyCreated<T>(options: CreateOnceOptions<T>, failure: AtlasError, why: string): AtlasError {
  return new AtlasError({
    kind: failure.kind,
    provider: options.provider,
    message:
      `${options.provider}: ${options.noun ?? 'machine'} '${options.name}' may have been created (${why}); the create was not sent again. ` +
      `Run \`atlas ls --name ${options.name}\` to find it (marker ${options.marker}) before you spawn again.`,
    ...(failure.status === undefined ? {} : { status: failure.status }),
    ...(failure.code === undefined ? {} : { code: failure.code }),
    retryable: false,
    details: { possiblyCreated: true, lookFor: { name: options.name, marker: options.marker } },
    cause: failure,
  });
}
