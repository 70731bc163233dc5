import type { PortRequest } from '@atlas/core';
import type { Tag } from '../api/instances.js';

/**
 * What Atlas writes on an instance as tags, since Lambda keeps nothing else of a spawn: the
 * per-attempt marker (how an ambiguous launch is settled), the owner of an orchestrator stamp,
 * the requested ports (Lambda knows only firewall rules) and the image (it lives in user_data,
 * which Lambda never returns). Keys match `^[a-z][a-z0-9-:]+$`; values are at most 128 characters.
 */
export const MARKER_TAG = 'atlas-attempt';
export const OWNER_TAG = 'atlas-owner';
export const PORTS_TAG = 'atlas-ports';
export const IMAGE_TAG = 'atlas-image';
export const MAX_TAG_VALUE = 128;

/** The orchestrator names resources `atlas-<ownerId>-<sessionId>` (session ids have no '-'). */
const OWNER_STAMP = /^atlas-([a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?)-[A-Za-z0-9_]+$/;

export interface SpawnTags {
  readonly marker: string;
  readonly name: string;
  readonly ports: readonly PortRequest[];
  readonly image: string | undefined;
}

export function spawnTags(parts: SpawnTags): Tag[] {
  const tags: Tag[] = [{ key: MARKER_TAG, value: parts.marker }];
  const owner = OWNER_STAMP.exec(parts.name)?.[1];
  if (owner !== undefined) tags.push({ key: OWNER_TAG, value: owner });
  if (parts.ports.length > 0) tags.push({ key: PORTS_TAG, value: encodePorts(parts.ports) });
  if (parts.image !== undefined && parts.image.length <= MAX_TAG_VALUE)
    tags.push({ key: IMAGE_TAG, value: parts.image });
  return tags;
}

/** `8000/http,22/tcp`, the shape RunPod and Docker users read at a glance. */
export function encodePorts(ports: readonly PortRequest[]): string {
  return ports.map((p) => `${p.port}/${p.protocol}`).join(',');
}

export function decodePorts(value: string | undefined): PortRequest[] {
  if (value === undefined || value === '') return [];
  const ports: PortRequest[] = [];
  for (const part of value.split(',')) {
    const [portText, protocol] = part.split('/');
    const port = Number(portText);
    if (!Number.isInteger(port) || port < 1 || port > 65535) continue;
    ports.push({ port, protocol: protocol === 'tcp' ? 'tcp' : 'http' });
  }
  return ports;
}

export function tagValue(tags: readonly Tag[] | null | undefined, key: string): string | undefined {
  return tags?.find((tag) => tag.key === key)?.value;
}
