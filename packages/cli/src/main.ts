import { EXIT } from './errors.js';
import { reportError } from './output/report-error.js';
import { buildProgram } from './program.js';
import type { Session } from './session.js';

/** Runs one command line and returns its exit code. Ctrl-C aborts every request in flight. */
export async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => {
    // A second Ctrl-C, or a provider that ignores the signal, must not keep the user waiting.
    if (controller.signal.aborted) process.exit(EXIT.aborted);
    controller.abort(new Error('Interrupted (Ctrl-C)'));
    setTimeout(() => process.exit(EXIT.aborted), 3000).unref();
  };
  process.on('SIGINT', onSigint);
  let session: Session | undefined;
  const program = buildProgram(controller.signal, (s) => {
    session = s;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    return reportError(
      error,
      controller.signal.aborted,
      session,
      session === undefined ? argv.includes('--json') : session.out.json,
    );
  } finally {
    process.off('SIGINT', onSigint);
  }
}
