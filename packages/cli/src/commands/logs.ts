import { parseCount } from '../parse/flags.js';
import { parseId } from '../parse/ids.js';
import { connect, requireStubOperation, type Session, targetId } from '../session.js';

export interface LogsOptions {
  readonly provider?: string;
  readonly follow?: boolean;
  readonly tail?: string;
}

export async function logsCommand(session: Session, rawId: string, options: LogsOptions): Promise<void> {
  const id = parseId('<id>', rawId);
  const tail = options.tail === undefined ? undefined : parseCount('--tail', options.tail, 5000);
  const target = await connect(session, targetId(session, options.provider));
  requireStubOperation(target, 'logs');
  const { out } = session;
  // Core checks the `logs` capability (unsupported otherwise) and keeps errors AtlasErrors.
  const lines = target.atlas.logs(id, {
    ...(options.follow ? { follow: true } : {}),
    ...(tail === undefined ? {} : { tail }),
  });
  // Lines print as they arrive; with --follow this runs until Ctrl-C (exit 130).
  for await (const line of lines) {
    if (out.json) out.dataLine({ line });
    else out.essential(line);
  }
}
