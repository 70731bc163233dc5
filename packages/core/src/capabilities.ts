/**
 * What a provider really implements. Callers branch on these; the conformance suite checks that
 * every declared capability works and that the optional methods exist exactly when declared.
 */
export const CAPABILITIES = [
  'serverless',
  'spot',
  'stop_start',
  'network_volumes',
  'http_proxy',
  'raw_tcp',
  'symmetric_ports',
  'webhooks',
  'global_networking',
  'gpu_catalog',
  'logs',
  /** CPU-only machines (`spawnCompute({ cpu: { vcpus } })`) and their catalog (`listCpuTypes`). */
  'cpu',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

export function isCapability(value: unknown): value is Capability {
  return typeof value === 'string' && (CAPABILITIES as readonly string[]).includes(value);
}
