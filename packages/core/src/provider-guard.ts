import { type Capability, isCapability } from './capabilities.js';
import { AtlasError } from './errors/atlas-error.js';
import { CAPABILITY_METHODS, type Provider } from './provider.js';

/** The optional methods, each with the capability that promises it. */
export type OptionalMethod = 'runJob' | 'getJob' | 'cancelJob' | 'streamJob' | 'listGpuTypes' | 'listCpuTypes' | 'logs';

const REQUIRED_METHODS = ['spawnCompute', 'getCompute', 'listCompute', 'stop', 'start', 'terminate'] as const;

function capabilityFor(method: OptionalMethod): Capability {
  const entry = Object.entries(CAPABILITY_METHODS).find(([, methods]) =>
    (methods as readonly string[]).includes(method),
  );
  return entry?.[0] as Capability;
}

/**
 * Checks that a value can serve as a provider (an id, a capability list, the required methods)
 * before Atlas calls it, so a wrong argument fails as `validation` rather than a TypeError.
 */
export function assertProvider(value: unknown, where: string): asserts value is Provider {
  const problems: string[] = [];
  if (value === null || typeof value !== 'object') {
    problems.push(`expected a provider object, got ${value === null ? 'null' : typeof value}`);
  } else {
    const candidate = value as Partial<Record<string, unknown>>;
    if (typeof candidate.id !== 'string' || candidate.id === '') problems.push('id must be a non-empty string');
    if (!Array.isArray(candidate.capabilities) || !candidate.capabilities.every(isCapability)) {
      problems.push('capabilities must be an array of known capabilities');
    }
    const missing = REQUIRED_METHODS.filter((method) => typeof candidate[method] !== 'function');
    if (missing.length > 0) problems.push(`missing methods: ${missing.join(', ')}`);
  }
  if (problems.length === 0) return;
  throw new AtlasError({
    kind: 'validation',
    message: `${where} is not a provider: ${problems.join('; ')}.`,
    issues: problems.map((message) => ({ path: 'provider', message })),
  });
}

/**
 * The optional method, bound to its provider, or AtlasError `unsupported` when the provider does
 * not declare the capability or lacks the method. Nothing is called.
 */
export function requireOptionalMethod<M extends OptionalMethod>(
  provider: Provider,
  method: M,
): NonNullable<Provider[M]> {
  const capability = capabilityFor(method);
  const declared = provider.capabilities.includes(capability);
  const implementation = provider[method];
  if (declared && typeof implementation === 'function') {
    return implementation.bind(provider) as NonNullable<Provider[M]>;
  }
  const why = declared
    ? `it declares '${capability}' but has no ${method}() method`
    : `it does not declare the '${capability}' capability (declared: ${provider.capabilities.join(', ') || 'none'})`;
  throw new AtlasError({
    kind: 'unsupported',
    provider: provider.id,
    message: `${provider.id} cannot ${method}: ${why}.`,
  });
}
