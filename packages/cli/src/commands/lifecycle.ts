import { parseDuration } from '../parse/duration.js';
import { parseId } from '../parse/ids.js';
import { connect, type Session, targetId } from '../session.js';
import { waitForStatus } from '../wait.js';

export interface LifecycleOptions {
  readonly provider?: string;
  readonly wait?: boolean;
  readonly timeout: string;
}

/** `atlas stop ID` and `atlas start ID`. */
export async function lifecycleCommand(
  session: Session,
  action: 'stop' | 'start',
  rawId: string,
  options: LifecycleOptions,
): Promise<void> {
  const id = parseId('<id>', rawId);
  const timeoutMs = parseDuration('--timeout', options.timeout);
  const target = await connect(session, targetId(session, options.provider));
  await target.atlas[action](id);
  const wanted = action === 'stop' ? 'stopped' : 'running';
  const { out } = session;
  const compute = options.wait
    ? await waitForStatus(target, id, wanted, out, { timeoutMs, signal: session.signal })
    : undefined;
  if (out.json)
    out.data({
      id,
      provider: target.provider.id,
      action,
      ...(compute === undefined ? {} : { status: compute.status }),
    });
  else if (out.options.quiet) out.essential(id);
  else
    out.line(
      `${action === 'stop' ? 'Stopping' : 'Starting'} ${id} on ${target.provider.id}${compute ? `: ${compute.status}` : '.'}`,
    );
}
