import type { PortRequest } from '@atlas/core';
import type { HttpClient } from '@atlas/core/provider';
import { CreateFirewallRulesetSchema, ListFirewallRulesetsSchema } from '../api/firewall-rulesets.js';
import { FIREWALL_PREFIX, toFirewallRuleset } from '../translate/firewall.js';

const rulesetPath = (id: string) => `firewall-rulesets/${encodeURIComponent(id)}`;

/** Creates the instance's own ruleset (in the launch's region). Returns its id. */
export async function createFirewall(
  client: HttpClient,
  marker: string,
  region: string,
  ports: readonly PortRequest[],
): Promise<string> {
  const { data } = await client.request({
    method: 'POST',
    path: 'firewall-rulesets',
    json: toFirewallRuleset(marker, region, ports),
    schema: CreateFirewallRulesetSchema,
  });
  return data.id;
}

/** Deletes a ruleset; false when Lambda refuses (still in use, already gone, or any failure). */
export async function deleteFirewall(client: HttpClient, id: string): Promise<boolean> {
  try {
    await client.request({ method: 'DELETE', path: rulesetPath(id), responseType: 'none' });
    return true;
  } catch {
    return false;
  }
}

/**
 * After a terminate: deletes the instance's rulesets, then every Atlas ruleset no instance uses
 * any more (those an earlier terminate could not delete while its VM was still shutting down).
 * Never fails the terminate: a leftover ruleset costs nothing and the next terminate retries.
 */
export async function releaseFirewall(client: HttpClient, ids: readonly string[]): Promise<void> {
  for (const id of ids) await deleteFirewall(client, id);
  try {
    const { data } = await client.request({
      method: 'GET',
      path: 'firewall-rulesets',
      schema: ListFirewallRulesetsSchema,
    });
    const released = data.filter((r) => r.name.startsWith(FIREWALL_PREFIX) && r.instance_ids.length === 0);
    for (const ruleset of released) if (!ids.includes(ruleset.id)) await deleteFirewall(client, ruleset.id);
  } catch {
    // Best effort, see above.
  }
}
