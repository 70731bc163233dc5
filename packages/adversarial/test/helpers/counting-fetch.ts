/** A fetch that counts every request it is given, then hands it to `answer` (by default the network). */
export function countingFetch(answer: typeof globalThis.fetch = globalThis.fetch): {
  readonly fetch: typeof globalThis.fetch;
  /** Requests that left the client, whatever became of them. */
  requests(): number;
} {
  let sent = 0;
  return {
    fetch: (input, init) => {
      sent++;
      return answer(input, init);
    },
    requests: () => sent,
  };
}
