import { AtlasError } from '@atlas/core';
import { assertProviderOptions, deepMergeOptions } from '@atlas/core/provider';
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

/** The providerOption Atlas reads itself (camelCase, not a Lambda field): the SSH key to launch with. */
export const SSH_KEY_OPTION = 'sshKeyName';

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
 * OS `image` as `{ family }` or `{ id }`, file_system_names) is merged in as Lambda fields
 * (checkProviderOptions refused the owned ones before any request).
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
  return deepMergeOptions(body, lambdaFields(providerOptions));
}

/** Rejects providerOptions that would overwrite what Atlas decides, and a bad sshKeyName, before any request. */
export function checkProviderOptions(options: Readonly<Record<string, unknown>> | undefined): void {
  if (options === undefined) return;
  const sshKeyName = options[SSH_KEY_OPTION];
  if (sshKeyName !== undefined && (typeof sshKeyName !== 'string' || sshKeyName.trim() === '')) {
    const message = 'must be the name of an SSH key on the account';
    throw new AtlasError({
      kind: 'validation',
      provider: PROVIDER_ID,
      message: `Invalid compute request: providerOptions.${SSH_KEY_OPTION}: ${message}`,
      issues: [{ path: `providerOptions.${SSH_KEY_OPTION}`, message }],
    });
  }
  assertProviderOptions(lambdaFields(options), { provider: PROVIDER_ID, owned: OWNED_LAUNCH_FIELDS });
}

function lambdaFields(options: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { [SSH_KEY_OPTION]: _atlasOption, ...fields } = options;
  return fields;
}
