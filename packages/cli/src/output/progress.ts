import type { Output } from './output.js';

/** Shows what a wait is doing: a spinner on a terminal, a plain line per change otherwise. */
export interface Progress {
  update(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  /** Stop without a final line (an abort). */
  stop(): void;
}

export async function startProgress(out: Output, text: string): Promise<Progress> {
  if (out.options.quiet || out.options.json) return { update() {}, succeed() {}, fail() {}, stop() {} };
  if (!out.isTTY) return plainProgress(out, text);
  // Loaded only when a terminal will see it.
  const { default: yoctoSpinner } = await import('yocto-spinner');
  // The CLI owns SIGINT (it aborts requests in flight); the spinner must not exit by itself.
  const spinner = yoctoSpinner({ text, stream: out.stderrStream, handleSignals: false }).start();
  return {
    update: (t) => {
      spinner.text = t;
    },
    succeed: (t) => void spinner.success(t),
    fail: (t) => void spinner.error(t),
    stop: () => void spinner.stop(),
  };
}

function plainProgress(out: Output, text: string): Progress {
  let last = text;
  out.note(`… ${text}`);
  return {
    update: (t) => {
      if (t !== last) out.note(`… ${t}`);
      last = t;
    },
    succeed: (t) => out.note(`✔ ${t}`),
    fail: (t) => out.note(`✖ ${t}`),
    stop() {},
  };
}
