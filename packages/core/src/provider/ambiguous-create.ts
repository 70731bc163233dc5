import { AtlasError, isAtlasError } from '../errors/atlas-error.js';
import { toAtlasError } from '../errors/to-atlas-error.js';

/**
 * Creates whose outcome is unknown. A create that timed out, lost its connection, was aborted in
 * flight or got a 5xx may have rented a machine, and a blind retry could rent a second one. So a
 * create is sent once; afterwards the machine is looked for by a marker that only this attempt
 * carries (never by a name and an age, which an earlier machine can share). When the marker
 * finds nothing the call fails closed: "not in the list yet" is not proof that nothing exists.
 */

/** The env var a provider that marks machines through their env uses (RunPod, Vast.ai). */
export const CREATE_MARKER_ENV = 'ATLAS_CREATE_MARKER';

/**
 * A fresh marker for one create attempt: 16 lowercase hex characters (64 random bits from
 * WebCrypto), short and plain enough for a tag, a label, an env value or a name suffix.
 */
export function newCreateMarker(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Root causes that prove the request never reached a server. */
const NEVER_SENT = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ERR_INVALID_URL']);

/**
 * Whether a create that failed this way may still have created something: a timeout, a transport
 * failure (reset, socket hang-up; not a refused connection or an unknown host, which prove nothing
 * was sent), an abort, a 5xx, or a 2xx whose body could not be read. Not: a 4xx, and not a 503 with
 * Retry-After, which core's HTTP layer already treats as "did nothing" (it retries creates on it).
 */
export function isAmbiguousCreateFailure(error: unknown): boolean {
  const atlas = toAtlasError(error, 'atlas');
  switch (atlas.kind) {
    case 'timeout':
      return true;
    case 'transport':
      return !neverSent(atlas);
    case 'contract':
      return atlas.status !== undefined && atlas.status >= 200 && atlas.status < 300;
    default:
      if (atlas.status === undefined || atlas.status < 500) return false;
      return !(atlas.status === 503 && atlas.retryAfterMs !== undefined);
  }
}

function neverSent(error: Error): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && NEVER_SENT.has(code)) return true;
    current = current.cause;
  }
  return false;
}

export interface CreateOnceOptions<T> {
  /** The provider id, stamped on the errors. */
  readonly provider: string;
  /** The machine's name, as `atlas ls --name` finds it; it goes into the messages and `details.lookFor`. */
  readonly name: string;
  /** This attempt's marker (newCreateMarker()), already placed where findByMarker looks. */
  readonly marker: string;
  /** Sends the create. Called exactly once. */
  readonly create: () => Promise<T>;
  /** The live machines carrying the marker (a terminated one is not a candidate). */
  readonly findByMarker: (marker: string) => Promise<readonly T[]>;
  /** The machine's id, for the message when several carry the marker. */
  readonly idOf: (found: T) => string;
  /** The caller's signal: an abort while the create was in flight fails closed without a lookup. */
  readonly signal?: AbortSignal | undefined;
  /** What the machine is called in messages (default 'machine'): 'pod', 'instance'. */
  readonly noun?: string;
}

/**
 * Sends a create once and settles an ambiguous failure by the marker: exactly one machine with it
 * is adopted (returned as if the create had answered); several are a `conflict`; none, a failed
 * lookup or the caller's abort fail closed with the original kind, `retryable: false` and
 * `details: { possiblyCreated: true, lookFor: { name, marker } }`. A clear failure (a 4xx, a 503
 * with Retry-After) is rethrown as it is. The create is never sent a second time.
 */
export async function createOnce<T>(options: CreateOnceOptions<T>): Promise<T> {
  const { signal } = options;
  // Aborted before sending: nothing goes out, so the abort is a plain answer.
  if (signal?.aborted) throw toAtlasError(abortReason(signal), options.provider);
  let failure: AtlasError;
  try {
    return await options.create();
  } catch (error) {
    const aborted = signal?.aborted === true;
    if (!aborted && !isAmbiguousCreateFailure(error)) throw error;
    failure = toAtlasError(error, options.provider);
    // The caller asked us to stop: no lookup (it would be aborted too), only the hint.
    if (aborted) throw possiblyCreated(options, failure, 'the caller aborted while it was in flight');
  }
  let found: readonly T[];
  try {
    found = await options.findByMarker(options.marker);
  } catch (lookupError) {
    throw possiblyCreated(options, failure, `looking it up failed too (${describe(lookupError)})`);
  }
  const [only, ...others] = found;
  if (only !== undefined && others.length === 0) return only;
  if (only !== undefined) throw severalFound(options, failure, found.map(options.idOf));
  throw possiblyCreated(options, failure, `no ${options.noun ?? 'machine'} carries its marker yet`);
}

/** What the messages need of the options. */
type Subject = Pick<CreateOnceOptions<unknown>, 'provider' | 'name' | 'marker' | 'noun'>;

function lookFor(options: Subject): { name: string; marker: string } {
  return { name: options.name, marker: options.marker };
}

function possiblyCreated(options: Subject, failure: AtlasError, why: string): AtlasError {
  const noun = options.noun ?? 'machine';
  return new AtlasError({
    kind: failure.kind,
    provider: options.provider,
    message:
      `${options.provider}: ${noun} '${options.name}' may have been created: the create got no clear answer ` +
      `(${failure.message}) and ${why}. It was not sent again; run \`atlas ls --name ${options.name}\` to find ` +
      `it (marker ${options.marker}) before you spawn again.`,
    ...(failure.status === undefined ? {} : { status: failure.status }),
    ...(failure.code === undefined ? {} : { code: failure.code }),
    // Retrying, or failing over to another cloud, could leave two machines billing.
    retryable: false,
    details: { possiblyCreated: true, lookFor: lookFor(options) },
    cause: failure,
  });
}

function severalFound(options: Subject, failure: AtlasError, ids: readonly string[]): AtlasError {
  const noun = options.noun ?? 'machine';
  return new AtlasError({
    kind: 'conflict',
    provider: options.provider,
    message:
      `${options.provider}: ${ids.length} ${noun}s carry the marker ${options.marker} of '${options.name}' ` +
      `(${ids.join(', ')}) after an ambiguous create; refusing to guess which one is ours. Terminate the extra ones.`,
    retryable: false,
    details: { possiblyCreated: true, lookFor: lookFor(options), found: [...ids] },
    cause: failure,
  });
}

function abortReason(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return reason;
  return new DOMException('The operation was aborted.', 'AbortError');
}

function describe(error: unknown): string {
  return isAtlasError(error) ? error.message : toAtlasError(error, 'atlas').message;
}
