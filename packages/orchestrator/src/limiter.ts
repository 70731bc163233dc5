/**
 * Runs at most `limit` tasks at once; the others wait their turn, in order. After a long outage
 * thousands of deadlines can fall due together: without a cap each would read the store and call
 * terminate at the same moment, flooding both and leaning on rate-limit retries to get through.
 */
export function createLimiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = (): void => {
    running--;
    waiting.shift()?.();
  };
  return (task) =>
    new Promise((resolve, reject) => {
      const run = (): void => {
        running++;
        task().then(resolve, reject).finally(release);
      };
      if (running < limit) run();
      else waiting.push(run);
    });
}
