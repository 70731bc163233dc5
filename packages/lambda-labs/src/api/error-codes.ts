/** The `error.code` values of openapi-1.8.3.json (and older specs) that Atlas maps to a kind. */
export const ERROR_CODES = {
  invalidApiKey: 'global/invalid-api-key',
  accountInactive: 'global/account-inactive',
  invalidAddress: 'global/invalid-address',
  invalidParameters: 'global/invalid-parameters',
  quotaExceeded: 'global/quota-exceeded',
  notFound: 'global/object-does-not-exist',
  duplicate: 'global/duplicate',
  internal: 'global/internal-error',
  insufficientCapacity: 'instance-operations/launch/insufficient-capacity',
  fileSystemInWrongRegion: 'instance-operations/launch/file-system-in-wrong-region',
  fileSystemInUse: 'filesystems/filesystem-in-use',
  firewallRulesetInUse: 'firewall-rulesets/firewall-ruleset-in-use',
  sshKeyInUse: 'ssh-keys/key-in-use',
} as const;
