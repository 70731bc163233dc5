/**
 * The orchestrator's own timers are unref'd (housekeeping must not keep a process up), so a caller
 * awaiting one of its promises (waitReady sleeping between checks, release or close waiting for a
 * terminate retry) would otherwise see the process exit under it, and a compute keep billing.
 * While any call is pending, one ref'd timer keeps the process up, as pending I/O would.
 */
export function createKeepAlive(): <T>(task: () => Promise<T>) => Promise<T> {
  let pending = 0;
  let handle: ReturnType<typeof setInterval> | undefined;
  return async (task) => {
    if (pending++ === 0) handle = setInterval(() => undefined, 2 ** 30);
    try {
      return await task();
    } finally {
      if (--pending === 0) {
        clearInterval(handle);
        handle = undefined;
      }
    }
  };
}
