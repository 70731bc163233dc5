import { AtlasError, type CallContext } from '@atlas/core';
import { UsageError } from '../errors.js';
import { parseCount } from '../parse/flags.js';
import { connect, type Session, targetId } from '../session.js';

/** Providers with the `logs` capability expose this extra beyond the contract (RunPod does). */
type LogsFn = (id: string, options: { follow?: boolean; tail?: number }, ctx?: CallContext) => AsyncIterable<string>;

export interface LogsOptions {
  readonly provider?: string;
  readonly follow?: boolean;
  readonly tail?: string;
}

export async function logsCommand(session: Session, id: string, options: LogsOptions): Promise<void> {
  const tail = options.tail === undefined ? undefined : parseCount('--tail', options.tail, 5000);
  if (id.trim() === '') throw new UsageError('logs needs a machine id.');
  const target = await connect(session, targetId(session, options.provider));
  const logs = (target.provider as { logs?: LogsFn }).logs;
  if (!target.provider.capabilities.includes('logs') || typeof logs !== 'function') {
    throw new AtlasError({ kind: 'unsupported', provider: target.provider.id, message: `${target.provider.id} offers no machine logs.` });
  }
  const { out } = session;
  const lines = logs.call(
    target.provider,
    id,
    { ...(options.follow ? { follow: true } : {}), ...(tail === undefined ? {} : { tail }) },
    target.ctx,
  );
  // Lines print as they arrive; with --follow this runs until Ctrl-C (exit 130).
  for await (const line of lines) {
    if (out.json) out.dataLine({ line });
    else out.essential(line);
  }
}
