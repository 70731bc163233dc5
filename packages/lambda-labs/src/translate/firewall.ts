import type { PortRequest } from '@atlas/core';
import type { CreateFirewallRulesetBody, FirewallRule } from '../api/firewall-rulesets.js';

/** Every ruleset Atlas makes is named so; terminate deletes the instance's own and sweeps released ones. */
export const FIREWALL_PREFIX = 'atlas-fw-';
const ANYWHERE = '0.0.0.0/0';

/**
 * The instance's own ruleset: each requested port open to the internet over TCP (http ports are
 * plain TCP on the VM's IP), and SSH, which an instance ruleset would otherwise close.
 */
export function toFirewallRuleset(
  marker: string,
  region: string,
  ports: readonly PortRequest[],
): CreateFirewallRulesetBody {
  const numbers = [...new Set([22, ...ports.map((p) => p.port)])];
  const rules: FirewallRule[] = numbers.map((port) => ({
    protocol: 'tcp',
    port_range: [port, port],
    source_network: ANYWHERE,
    description: port === 22 && !ports.some((p) => p.port === 22) ? 'ssh' : `atlas port ${port}`,
  }));
  return { name: `${FIREWALL_PREFIX}${marker}`, region, rules };
}
