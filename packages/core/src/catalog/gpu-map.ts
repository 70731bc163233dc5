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
  const native = map[canonical];
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
  const known = Object.keys(map).sort();
  throw new AtlasError({
    kind: 'unsupported',
    provider,
    message: `GPU '${canonical}' is not available on ${provider}. Known GPUs: ${known.join(', ') || '(none)'}.`,
    issues: [{ path: 'gpu', message: `unknown GPU '${canonical}' for ${provider}` }],
  });
}

/** The canonical id for a native id, or undefined when the map does not know it. */
export function toCanonicalGpu(map: GpuMap, native: string): GpuId | undefined {
  const wanted = native.trim().toLowerCase();
  for (const [canonical, natives] of Object.entries(map)) {
    const list = typeof natives === 'string' ? [natives] : (natives ?? []);
    if (list.some((id) => id.toLowerCase() === wanted)) return canonical;
  }
  return undefined;
}
