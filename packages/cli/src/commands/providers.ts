import { defaultProviderId, resolveProviderConfig } from '../config.js';
import { renderTable } from '../output/table.js';
import { PROVIDERS } from '../providers/registry.js';
import type { Session } from '../session.js';

/** Every provider the CLI knows, its capabilities, and where its key comes from (never the key). */
export async function providersCommand(session: Session): Promise<void> {
  const { out } = session;
  const defaultId = defaultProviderId(undefined, session.file);
  const rows = await Promise.all(
    PROVIDERS.map(async (entry) => {
      const config = resolveProviderConfig(entry, session.flags, session.file, entry.id === defaultId);
      const provider = await entry.load({});
      return {
        id: entry.id,
        package: entry.packageName,
        default: entry.id === defaultId,
        capabilities: [...provider.capabilities],
        keyEnv: entry.keyEnv ?? null,
        key: config.keySource,
        /** `placeholder` (a provider still to come) or `retired` (its cloud stopped renting GPUs); null for a real provider. */
        stub: entry.stub?.status ?? null,
        summary: entry.summary,
      };
    }),
  );
  if (out.json) return out.data(rows);
  if (out.options.quiet) {
    for (const row of rows) out.essential(row.id);
    return;
  }
  const keyText = (row: (typeof rows)[number]) =>
    row.key === 'none'
      ? out.color.yellow(`not set (${row.keyEnv})`)
      : row.key === 'not needed'
        ? `not needed${row.stub === null ? '' : `: ${row.stub}`}`
        : out.color.green(`set (${row.key})`);
  out.line(
    renderTable(
      ['provider', 'package', 'key', 'capabilities'],
      rows.map((row) => [
        `${row.id}${row.default ? ' (default)' : ''}`,
        row.package,
        keyText(row),
        row.capabilities.join(', ') || '-',
      ]),
      out.color,
      [null, null, null, 46],
    ),
  );
}
