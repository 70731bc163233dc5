import { AtlasError } from '@atlas/core';
import type { Backends, ComputeBackend } from './backend.js';
import type { Clock } from './clock.js';
import type { EndWaiters } from './end-waiters.js';
import type { OrchestratorEvent } from './events.js';
import type { Logger } from './options.js';
import type { Scheduler } from './scheduler.js';
import type { SecretsSealer } from './sealed-secrets.js';
import type { Session, SessionChanges } from './session.js';
import type { SessionSecrets } from './session-secrets.js';
import type { SessionStore } from './store.js';

/** What the orchestrator's parts (ending, upstream watch, reaper) share. */
export interface SessionContext {
  readonly ownerId: string;
  /** `atlas-<ownerId>-`: the listCompute filter for this owner's resources. */
  readonly prefix: string;
  /** This instance's name in leases. */
  readonly instanceId: string;
  readonly store: SessionStore;
  /** One backend per provider; a session is routed by its `provider`. */
  readonly backends: Backends;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly waiters: EndWaiters;
  /** Held for redaction while a session lives; released wherever it ends. */
  readonly secrets: SessionSecrets;
  /** Seals a session's secrets into its record, and opens them on adoption (only with `secretsKey`). */
  readonly sealer: SecretsSealer | undefined;
  readonly emit: (event: OrchestratorEvent) => void;
  /** Put the session's next deadline (or retry) in the scheduler, per its state. */
  readonly schedule: (session: Session) => void;
}

export type Mutation = { readonly session: Session; readonly changed: boolean } | undefined;

const CAS_TRIES = 8;

type Ownership = Pick<SessionContext, 'ownerId' | 'backends'>;

/**
 * A session is this orchestrator's when it has its owner id AND one of its providers: orchestrators
 * of one app on different providers may share an owner id and a store, and must not judge (poll,
 * expire, terminate) each other's sessions against the wrong provider.
 */
export function isOurs(ctx: Ownership, session: Session | undefined): session is Session {
  return session !== undefined && session.ownerId === ctx.ownerId && ctx.backends.get(session.provider) !== undefined;
}

/** This orchestrator's sessions in the store (the owner's others are left alone, said once per provider). */
export async function listOurs(ctx: Ownership & Pick<SessionContext, 'store'>): Promise<Session[]> {
  const ours: Session[] = [];
  for (const session of await ctx.store.list({ ownerId: ctx.ownerId })) {
    if (ctx.backends.get(session.provider) !== undefined) ours.push(session);
    else ctx.backends.ignore(session.provider);
  }
  return ours;
}

/** The backend a session of ours lives on. */
export function backendOf(ctx: Pick<SessionContext, 'backends'>, session: Session): ComputeBackend {
  const backend = ctx.backends.get(session.provider);
  if (backend === undefined) {
    throw new AtlasError({ kind: 'not_found', message: `Session ${session.id} is on ${session.provider}, not here` });
  }
  return backend;
}

/**
 * Compare-and-set with retries: `change` sees the current record and says what to write, or
 * undefined to leave it. Undefined when the session is gone (or not ours).
 */
export async function mutate(
  ctx: Ownership & Pick<SessionContext, 'store'>,
  id: string,
  change: (session: Session) => SessionChanges | undefined,
): Promise<Mutation> {
  for (let i = 0; i < CAS_TRIES; i++) {
    const current = await ctx.store.get(id);
    if (!isOurs(ctx, current)) return undefined;
    const changes = change(current);
    if (changes === undefined) return { session: current, changed: false };
    const next = await ctx.store.update(id, current.version, changes);
    if (next !== undefined) return { session: next, changed: true };
  }
  throw new AtlasError({ kind: 'conflict', message: `Session ${id} is being changed concurrently; try again` });
}

export function computeIdOf(session: Session): { computeId?: string } {
  return session.computeId === undefined ? {} : { computeId: session.computeId };
}
