import { type Compute, isAtlasError, listCompute, type Provider } from '@atlas/core';
import type { Session } from '@atlas/orchestrator';
import { parseStamp } from '@atlas/orchestrator';
import { finite, text } from './session-fields.js';

/**
 * - `tracked`: owner-stamped by this orchestrator and a live session holds it;
 * - `orphaned`: stamped by this orchestrator but no live session holds it (the reaper's to end);
 * - `foreign`: not stamped by this orchestrator (made by hand, another tool or another owner).
 * Only a tracked machine has actions, through its session.
 */
export type MachineKind = 'tracked' | 'orphaned' | 'foreign';

export interface MachineView {
  readonly provider: string;
  readonly id: string;
  readonly name: string | undefined;
  readonly status: string;
  readonly gpuType: string | undefined;
  readonly gpuCount: number | undefined;
  readonly region: string | undefined;
  readonly pricePerHour: number | undefined;
  readonly createdAt: string | undefined;
  readonly kind: MachineKind;
  /** The session that holds it (tracked), or the one its stamp names (orphaned). */
  readonly sessionId: string | undefined;
  /** The owner its stamp names, when it is another owner's. */
  readonly stampOwner: string | undefined;
}

export interface ProviderMachines {
  readonly provider: string;
  readonly machines: readonly MachineView[];
  /** Why the provider could not be listed (the AtlasError kind and message, redacted by core). */
  readonly error: string | undefined;
}

export function classify(compute: Compute, ownerId: string, live: ReadonlyMap<string, Session>): MachineView {
  const stamp = parseStamp(compute.name);
  const ours = stamp?.ownerId === ownerId;
  const session = ours ? live.get(stamp.sessionId) : undefined;
  const kind: MachineKind = !ours ? 'foreign' : session === undefined ? 'orphaned' : 'tracked';
  return {
    provider: compute.provider,
    id: compute.id,
    name: text(compute.name),
    status: compute.status,
    gpuType: text(compute.gpuType),
    gpuCount: finite(compute.gpuCount),
    region: text(compute.region),
    pricePerHour: finite(compute.costPerHour),
    createdAt: text(compute.createdAt),
    kind,
    sessionId: ours ? stamp.sessionId : undefined,
    stampOwner: stamp !== undefined && !ours ? stamp.ownerId : undefined,
  };
}

/** Every machine of every provider, classified; a provider that fails shows its error, not a blank page. */
export async function listMachines(
  providers: Readonly<Record<string, Provider>>,
  ownerId: string,
  sessions: readonly Session[],
): Promise<ProviderMachines[]> {
  const live = new Map(sessions.map((s) => [s.id, s]));
  return Promise.all(
    Object.entries(providers).map(async ([name, provider]): Promise<ProviderMachines> => {
      try {
        const computes = await listCompute({ provider });
        return { provider: name, machines: computes.map((c) => classify(c, ownerId, live)), error: undefined };
      } catch (error) {
        const message = isAtlasError(error) ? `${error.kind}: ${error.message}` : 'listing failed';
        return { provider: name, machines: [], error: message };
      }
    }),
  );
}
