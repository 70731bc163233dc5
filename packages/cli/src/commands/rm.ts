import { createInterface } from 'node:readline/promises';
import { UsageError } from '../errors.js';
import { parseId } from '../parse/ids.js';
import { connect, type Session, targetId } from '../session.js';

/** Terminating destroys the machine and its disk, so a person is asked first. */
export async function rmCommand(
  session: Session,
  rawId: string,
  options: { provider?: string; yes?: boolean },
): Promise<void> {
  const id = parseId('<id>', rawId);
  if (!options.yes && !process.stdin.isTTY) {
    throw new UsageError(`refusing to terminate ${id} without confirmation: stdin is not a terminal, so pass --yes.`);
  }
  const target = await connect(session, targetId(session, options.provider));
  if (!options.yes) {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    // On a terminal readline reads Ctrl-C as a key (raw mode), so no SIGINT reaches the CLI and
    // the question would reject with a bare AbortError (exit 1 and a stack trace). Re-raise it as
    // the signal the CLI handles everywhere else: abort, exit 130.
    rl.on('SIGINT', () => process.kill(process.pid, 'SIGINT'));
    try {
      const answer = await rl
        .question(`Terminate ${id} on ${target.provider.id}? Its disk is deleted too. [y/N] `, {
          signal: session.signal,
        })
        .catch((error: unknown) => {
          if (session.signal.aborted) throw error;
          // Ctrl-D (end of input) rejects the question too: no answer is a no.
          process.stderr.write('\n');
          return '';
        });
      if (!/^y(es)?$/i.test(answer.trim())) {
        session.out.note('Not terminated.');
        return;
      }
    } finally {
      rl.close();
    }
  }
  await target.atlas.terminate(id);
  const { out } = session;
  if (out.json) out.data({ id, provider: target.provider.id, action: 'terminate' });
  else if (out.options.quiet) out.essential(id);
  else out.line(`Terminated ${id} on ${target.provider.id}.`);
}
