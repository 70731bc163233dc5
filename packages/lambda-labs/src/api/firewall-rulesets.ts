import * as v from 'valibot';
import { dataOf, RegionSchema } from './envelope.js';

/** `FirewallRule`: inbound traffic allowed from `source_network` (IPv4 CIDR) to `port_range`. */
export interface FirewallRule {
  protocol: 'tcp' | 'udp' | 'icmp' | 'all';
  port_range?: [number, number];
  source_network: string;
  description: string;
}

export const FirewallRulesetSchema = v.looseObject({
  id: v.string(),
  name: v.string(),
  region: RegionSchema,
  instance_ids: v.array(v.string()),
});
export type FirewallRuleset = v.InferOutput<typeof FirewallRulesetSchema>;

export const CreateFirewallRulesetSchema = dataOf(FirewallRulesetSchema);
export const ListFirewallRulesetsSchema = dataOf(v.array(FirewallRulesetSchema));

/** `FirewallRulesetCreateRequest`. */
export interface CreateFirewallRulesetBody {
  name: string;
  region: string;
  rules: FirewallRule[];
}
