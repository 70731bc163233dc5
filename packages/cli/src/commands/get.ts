import { renderCompute } from '../output/format.js';
import { parseId } from '../parse/ids.js';
import { connect, type Session, targetId } from '../session.js';

export async function getCommand(session: Session, id: string, options: { provider?: string }): Promise<void> {
  const computeId = parseId('<id>', id);
  const target = await connect(session, targetId(session, options.provider));
  const compute = await target.atlas.getCompute(computeId);
  const { out } = session;
  if (out.json) out.data(compute);
  else if (out.options.quiet) out.essential(compute.status);
  else out.line(renderCompute(compute, out.color));
}
