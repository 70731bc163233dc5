import { AtlasError } from '@atlas/core';
import type { NewSession, Session } from './session.js';
import type { SpendQuery, SpendRecord } from './spend-record.js';
import type { SessionStore } from './store.js';

export interface MemoryStoreOptions {
  /** Time for lease expiry; pass the orchestrator's clock in tests. */
  readonly now?: () => number;
}

/**
 * A SessionStore in this process's memory: sessions survive an orchestrator restart (a new
 * orchestrator on the same store re-adopts them) but not a process restart. Records are copied in
 * and out, so a caller mutating what it got cannot corrupt the store.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SessionStore {
  const now = options.now ?? Date.now;
  const sessions = new Map<string, Session>();
  const leases = new Map<string, { holder: string; until: number }>();
  const spend = new Map<string, SpendRecord>();
  const matching = (query: SpendQuery) =>
    [...spend.values()]
      .filter(
        (r) =>
          r.ownerId === query.ownerId &&
          (query.userId === undefined || r.userId === query.userId) &&
          (query.since === undefined || r.to >= query.since),
      )
      .sort((a, b) => a.to - b.to);

  return {
    async create(session: NewSession) {
      if (sessions.has(session.id)) {
        throw new AtlasError({ kind: 'conflict', message: `Session ${session.id} already exists` });
      }
      const stored: Session = { ...structuredClone(session), version: 1 };
      sessions.set(session.id, stored);
      return structuredClone(stored);
    },
    async get(id) {
      const session = sessions.get(id);
      return session === undefined ? undefined : structuredClone(session);
    },
    async list({ ownerId }) {
      const out: Session[] = [];
      for (const session of sessions.values()) if (session.ownerId === ownerId) out.push(structuredClone(session));
      return out;
    },
    async update(id, expectedVersion, changes) {
      const current = sessions.get(id);
      if (current === undefined || current.version !== expectedVersion) return undefined;
      const next = { ...current, ...structuredClone(changes), version: current.version + 1 } as Session;
      sessions.set(id, next);
      return structuredClone(next);
    },
    async delete(id, expectedVersion) {
      const current = sessions.get(id);
      if (current === undefined) return false;
      if (expectedVersion !== undefined && current.version !== expectedVersion) return false;
      return sessions.delete(id);
    },
    async acquireLease(name, holder, ttlMs) {
      const lease = leases.get(name);
      const t = now();
      if (lease !== undefined && lease.holder !== holder && lease.until > t) return false;
      leases.set(name, { holder, until: t + ttlMs });
      return true;
    },
    async releaseLease(name, holder) {
      if (leases.get(name)?.holder === holder) leases.delete(name);
    },
    async addSpend(record) {
      const key = JSON.stringify([record.ownerId, record.sessionId, record.from]);
      if (!spend.has(key)) spend.set(key, structuredClone(record));
    },
    async listSpend(query) {
      return matching(query).map((r) => structuredClone(r));
    },
    async spendTotal(query) {
      return matching(query).reduce((sum, r) => sum + r.usd, 0);
    },
  };
}
