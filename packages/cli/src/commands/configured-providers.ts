import { defaultProviderId, resolveProviderConfig } from '../config.js';
import { PROVIDERS } from '../providers/registry.js';
import type { Session } from '../session.js';

/**
 * The providers a cross-provider command looks at when none is named: every real provider whose
 * key is configured (or that needs none), plus the default one, so a missing key for it is reported.
 */
export function configuredProviderIds(session: Session): string[] {
  const defaultId = defaultProviderId(undefined, session.file);
  const configured = PROVIDERS.filter(
    (entry) =>
      entry.keyEnv !== undefined &&
      entry.stub === undefined &&
      resolveProviderConfig(entry, session.flags, session.file, entry.id === defaultId).keySource !== 'none',
  ).map((entry) => entry.id);
  return [...new Set([defaultId, ...configured])];
}
