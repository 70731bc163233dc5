import { AtlasError } from '../errors/atlas-error.js';
import type { GpuId } from './gpu-ids.js';

/**
 * A provider's own mapping from canonical ids to its native GPU ids. One canonical id may map to
 * several native ones (the first is preferred when spawning). Each provider package owns its map,
 * so a new provider needs no change in core.
 */
export type GpuMap = Readonly<Partial<Record<GpuId, string | readonly string[]>>>;

/** Identity helper that keeps the literal keys for autocompletion. */
export function defineGpuMap<const M extends GpuMap>(map: M): M {
  return map;
}

/** Every native id for a canonical id, preferred first; empty when the provider lacks it. */
export function nativeGpuIds(map: GpuMap, canonical: GpuId): readonly string[] {
  // Own keys only: a GPU named "constructor" or "toString" must not reach Object.prototype.
  const native = typeof canonical === 'string' && Object.hasOwn(map, canonical) ? map[canonical] : undefined;
  if (native === undefined) return [];
  return typeof native === 'string' ? [native] : native;
}

/**
 * The preferred native id for a canonical id. Throws AtlasError `unsupported` naming the ids the
 * provider does know, so a typo or a missing GPU fails before any network call.
 */
export function toNativeGpu(map: GpuMap, canonical: GpuId, provider: string): string {
  const [preferred] = nativeGpuIds(map, canonical);
  if (preferred !== undefined) return preferred;
  const known = Object.keys(map)
    .filter((id) => nativeGpuIds(map, id).length > 0)
    .sort();
  throw new AtlasError({
    kind: 'unsupported',
    provider,
    message: `GPU '${String(canonical)}' is not available on ${provider}. Known GPUs: ${known.join(', ') || '(none)'}.`,
    issues: [{ path: 'gpu', message: `unknown GPU '${String(canonical)}' for ${provider}` }],
  });
}

/**
 * The canonical id for a native id (case-insensitive), or undefined when the map does not know it.
 * When several canonical ids list the same native id (`h100` and `h100_sxm` both naming the SXM
 * card), the most specific wins: the one that lists it earliest, then the one listing fewest ids.
 */
export function toCanonicalGpu(map: GpuMap, native: string): GpuId | undefined {
  const wanted = native.trim().toLowerCase();
  let best: { id: GpuId; position: number; size: number } | undefined;
  for (const canonical of Object.keys(map)) {
    const list = nativeGpuIds(map, canonical);
    const position = list.findIndex((id) => id.toLowerCase() === wanted);
    if (position === -1) continue;
    if (!best || position < best.position || (position === best.position && list.length < best.size)) {
      best = { id: canonical, position, size: list.length };
    }
  }
  return best?.id;
}
