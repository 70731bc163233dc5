import { type Compute, computeSecrets } from '@atlas/core';
import { toAtlasError } from '@atlas/core/provider';
import type { Session } from './session.js';
import { backendOf, type SessionContext } from './session-context.js';

/*
 * A session this process did not spawn (adopted from the store after a restart, taken over from a
 * dead instance, or released here while another instance watches it) has no secrets held here: the
 * store keeps neither its env values nor its token (only the token's hash), and the process that
 * knew them may be gone. Only the provider knows where a machine's env lives in its cloud's body,
 * so it declares what it read there on the Compute (core's computeSecrets). They are held from the
 * first read of the compute, for the session's life, and released wherever a session's are.
 */

/** Holds the secrets `compute` carries for a session that holds none here yet (the first read wins). */
export function holdDeclared(ctx: SessionContext, sessionId: string, compute: Compute): void {
  if (!ctx.secrets.has(sessionId)) ctx.secrets.hold(sessionId, computeSecrets(compute));
}

/**
 * Before a call whose error could echo them (terminate, stop, start): reads the compute once when
 * nothing is held for the session yet. A read that fails does not stop the call (a machine must
 * still be terminated); it is tried again before the next one.
 */
export async function holdBeforeCall(ctx: SessionContext, session: Session): Promise<void> {
  if (session.computeId === undefined || ctx.secrets.has(session.id)) return;
  try {
    holdDeclared(ctx, session.id, await backendOf(ctx, session).get(session.computeId));
  } catch (error) {
    ctx.logger.debug?.('orchestrator: could not read a compute to hold its secrets; its call goes on', {
      sessionId: session.id,
      computeId: session.computeId,
      kind: toAtlasError(error, session.provider).kind,
    });
  }
}
