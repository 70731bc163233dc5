import { type Compute, computeSecrets } from '@atlas/core';
import { toAtlasError } from '@atlas/core/provider';
import type { Session } from './session.js';
import { backendOf, type SessionContext } from './session-context.js';

/*
 * A session this process did not spawn (adopted from the store after a restart, taken over from a
 * dead instance, or released here while another instance watches it) has no secrets held here: the
 * process that knew them may be gone. Two sources give them back, both held from the first read of
 * the session, for its life, and released wherever a session's are:
 * - its record, when the orchestrators share a `secretsKey`: the env values and token sealed at
 *   spawn (sealed-secrets.ts), on every cloud;
 * - its provider, which declares what it read of them in the machine's body (core's
 *   computeSecrets): RunPod's env, Vast.ai's extra_env; not Lambda Labs', whose API never returns it.
 */

/** Seals a new session's secrets for its record; undefined without a secretsKey (or if sealing fails). */
export async function sealFor(
  ctx: SessionContext,
  sessionId: string,
  secrets: readonly (string | undefined)[],
): Promise<string | undefined> {
  if (ctx.sealer === undefined) return undefined;
  try {
    return await ctx.sealer.seal(
      sessionId,
      secrets.filter((s): s is string => s !== undefined && s !== ''),
    );
  } catch (error) {
    // The machine exists already: it is not given up over this; only an adopter will lack them.
    ctx.logger.warn?.('orchestrator: could not seal a session’s secrets into its record', {
      sessionId,
      error: error instanceof Error ? error.name : typeof error,
    });
    return undefined;
  }
}

/** The secrets sealed in the session's record, or none (no key, no blob, or a blob this key does not open). */
async function unsealed(ctx: SessionContext, session: Session): Promise<string[]> {
  if (session.sealedSecrets === undefined) return [];
  if (ctx.sealer === undefined) {
    ctx.logger.warn?.('orchestrator: a session has sealed secrets but this orchestrator has no secretsKey', {
      sessionId: session.id,
    });
    return [];
  }
  try {
    return await ctx.sealer.unseal(session.id, session.sealedSecrets);
  } catch {
    // A wrong key (instances configured differently) or a damaged record: say so, never which bytes.
    ctx.logger.warn?.(
      'orchestrator: could not open a session’s sealed secrets: is secretsKey the same on every instance?',
      {
        sessionId: session.id,
      },
    );
    return [];
  }
}

/**
 * Holds an adopted session's secrets: its record's, and those `compute` declares. Without a compute
 * (its read failed), the record's are held in part, and the next read completes them.
 */
export async function holdAdopted(ctx: SessionContext, session: Session, compute: Compute | undefined): Promise<void> {
  if (ctx.secrets.has(session.id)) return;
  const fromRecord = await unsealed(ctx, session);
  // Another path may have held them while the record opened.
  if (ctx.secrets.has(session.id)) return;
  if (compute === undefined) ctx.secrets.holdPart(session.id, fromRecord);
  else ctx.secrets.hold(session.id, [...fromRecord, ...computeSecrets(compute)]);
}

/**
 * Before a call whose error could echo them (terminate, stop, start): opens the record and reads
 * the compute once when nothing is held for the session yet. A read that fails does not stop the
 * call (a machine must still be terminated); the record's secrets are held all the same.
 */
export async function holdBeforeCall(ctx: SessionContext, session: Session): Promise<void> {
  if (ctx.secrets.has(session.id)) return;
  let compute: Compute | undefined;
  if (session.computeId !== undefined) {
    try {
      compute = await backendOf(ctx, session).get(session.computeId);
    } catch (error) {
      ctx.logger.debug?.('orchestrator: could not read a compute to hold its secrets; its call goes on', {
        sessionId: session.id,
        computeId: session.computeId,
        kind: toAtlasError(error, session.provider).kind,
      });
    }
  }
  await holdAdopted(ctx, session, compute);
}
