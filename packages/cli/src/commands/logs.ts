import { setTimeout as sleep } from 'node:timers/promises';
import { AtlasError, type CallContext } from '@atlas/core';
import { connect, type Session, targetId } from '../session.js';

/** Providers with the `logs` capability expose `logs(id, ctx)` as an extra beyond the contract. */
type LogsFn = (id: string, ctx?: CallContext) => Promise<readonly string[] | string>;

const FOLLOW_INTERVAL_MS = 2000;

export async function logsCommand(session: Session, id: string, options: { provider?: string; follow?: boolean }): Promise<void> {
  const target = await connect(session, targetId(session, options.provider));
  const logs = (target.provider as { logs?: LogsFn }).logs;
  if (!target.provider.capabilities.includes('logs') || typeof logs !== 'function') {
    throw new AtlasError({ kind: 'unsupported', provider: target.provider.id, message: `${target.provider.id} offers no logs.` });
  }
  const { out } = session;
  const read = async () => {
    const result = await logs.call(target.provider, id, target.ctx);
    return typeof result === 'string' ? result.split('\n').filter((l) => l !== '') : [...result];
  };
  let lines = await read();
  if (out.json && !options.follow) return out.data(lines);
  const print = (batch: readonly string[]) => {
    for (const line of batch) out.json ? out.dataLine(line) : out.essential(line);
  };
  print(lines);
  // Logs come back whole each time: print only what is new since the last read.
  while (options.follow) {
    await sleep(FOLLOW_INTERVAL_MS, undefined, { signal: session.signal });
    const next = await read();
    print(next.slice(commonPrefix(lines, next)));
    lines = next;
  }
}

/** How many leading lines two reads share (the older read may have been trimmed at the top). */
function commonPrefix(before: readonly string[], after: readonly string[]): number {
  if (after.length >= before.length && before.every((line, i) => after[i] === line)) return before.length;
  const last = before.at(-1);
  const at = last === undefined ? -1 : after.lastIndexOf(last);
  return at < 0 ? 0 : at + 1;
}
