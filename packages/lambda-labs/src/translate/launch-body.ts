import { AtlasError } from '@atlas/core';
import type { LaunchBody, Tag } from '../api/instances.js';
import { PROVIDER_ID } from '../settings.js';

/** Body fields Atlas decides; providerOptions may not set them (validation names the key). */
export const OWNED_LAUNCH_FIELDS = [
  'region_name',
  'instance_type_name',
  'ssh_key_names',
  'name',
  'user_data',
  'tags',
  'firewall_rulesets',
] as const;

/** providerOptions Atlas reads itself (camelCase, not Lambda fields). */
export const ATLAS_OPTIONS = ['sshKeyName'] as const;

export interface LaunchParts {
  readonly region: string;
  readonly instanceType: string;
  readonly sshKeyName: string;
  readonly name: string;
  readonly userData: string;
  readonly tags: Tag[];
  readonly firewallRulesetId?: string | undefined;
  readonly fileSystemMount?: { mount_point: string; file_system_id: string } | undefined;
}

/**
 * The `POST /instance-operations/launch` body. Pure. The rest of providerOptions (hostname, the
 * OS `image` as `{ family }` or `{ id }`, file_system_names) is passed through as Lambda fields.
 */
export function toLaunchBody(parts: LaunchParts, providerOptions: Readonly<Record<string, unknown>> = {}): LaunchBody {
  const body: LaunchBody = {
    region_name: parts.region,
    instance_type_name: parts.instanceType,
    ssh_key_names: [parts.sshKeyName],
    name: parts.name,
    user_data: parts.userData,
    tags: parts.tags,
  };
  if (parts.firewallRulesetId !== undefined) body.firewall_rulesets = [{ id: parts.firewallRulesetId }];
  if (parts.fileSystemMount !== undefined) body.file_system_mounts = [parts.fileSystemMount];
  const passThrough = Object.fromEntries(
    Object.entries(providerOptions).filter(([key]) => !(ATLAS_OPTIONS as readonly string[]).includes(key)),
  );
  return { ...passThrough, ...body };
}

/** Rejects providerOptions that would overwrite what Atlas decides, before any request. */
export function checkProviderOptions(options: Readonly<Record<string, unknown>> | undefined): void {
  if (options === undefined) return;
  const owned = Object.keys(options).filter((key) => (OWNED_LAUNCH_FIELDS as readonly string[]).includes(key));
  const sshKeyName = options.sshKeyName;
  const issues = owned.map((key) => ({
    path: `providerOptions.${key}`,
    message: 'is set by Atlas from the request; use the request field instead',
  }));
  if (sshKeyName !== undefined && (typeof sshKeyName !== 'string' || sshKeyName.trim() === '')) {
    issues.push({ path: 'providerOptions.sshKeyName', message: 'must be the name of an SSH key on the account' });
  }
  if (issues.length === 0) return;
  throw new AtlasError({
    kind: 'validation',
    provider: PROVIDER_ID,
    message: `Invalid compute request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    issues,
  });
}
