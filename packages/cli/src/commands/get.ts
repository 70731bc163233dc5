import { renderCompute } from '../output/format.js';
import { connect, type Session, targetId } from '../session.js';

export async function getCommand(session: Session, id: string, options: { provider?: string }): Promise<void> {
  const target = await connect(session, targetId(session, options.provider));
  const compute = await target.atlas.getCompute(id);
  const { out } = session;
  if (out.json) out.data(compute);
  else if (out.options.quiet) out.essential(compute.status);
  else out.line(renderCompute(compute, out.color));
}
