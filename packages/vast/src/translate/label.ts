/** Vast's label limit (`label` maxLength in the spec). */
const MAX_LABEL = 1024;
const SEPARATOR = ' #atlas:';
const LABEL = /^([\s\S]*) #atlas:([A-Za-z0-9._-]{1,64})$/;

/**
 * The label sent with a rent: the caller's name, exactly, then the per-attempt marker. Vast has
 * no idempotency key, so the marker is what finds an instance after an ambiguous rent; the name
 * before it is what listCompute reports (an orchestrator's owner stamp survives untouched).
 */
export function encodeLabel(name: string, marker: string): string {
  return `${name.slice(0, MAX_LABEL - SEPARATOR.length - marker.length)}${SEPARATOR}${marker}`;
}

/** Name and marker of a label; a label set by hand (no marker) is all name. */
export function decodeLabel(label: string | null | undefined): { name?: string; marker?: string } {
  if (label === null || label === undefined || label === '') return {};
  const match = LABEL.exec(label);
  if (!match) return { name: label };
  return { name: match[1]!, marker: match[2]! };
}

/** A marker from an idempotency key (so a repeated spawn finds the first one's instance), or a fresh one. */
export function spawnMarker(idempotencyKey: string | undefined, fresh: () => string): string {
  const key = idempotencyKey?.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 62);
  return key ? `k-${key}` : fresh();
}

/** The name a spawn without one gets. */
export function defaultName(marker: string): string {
  return `atlas-${marker.replace(/^k-/, '')}`;
}
