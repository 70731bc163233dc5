import { existsSync } from 'node:fs';
import { AtlasError, type Provider } from '@atlas/core';
import { redactText, registerSecret, toAtlasError } from '@atlas/core/provider';
import { createOrchestrator, type Orchestrator, type SessionStore } from '@atlas/orchestrator';
import { requireKnownProvider } from '../config.js';
import { UsageError } from '../errors.js';
import { STORE } from '../output/report-error.js';
import { providerList } from '../parse/flags.js';
import { connect, providerView, type Session } from '../session.js';
import { configuredProviderIds } from './configured-providers.js';

export interface AppStoreFlags {
  readonly store: string;
  readonly owner?: string;
  readonly provider?: string[];
}

/** The application's orchestrator state, reached through its store: one more instance of it. */
export interface AppOrchestrator {
  readonly orchestrator: Orchestrator;
  readonly providers: Readonly<Record<string, Provider>>;
  close(): Promise<void>;
}

/**
 * Joins the application's orchestrators as one more instance on their store (a SQLite file or a
 * Postgres URL) under their ownerId, with the providers the CLI is configured for (or those named).
 * As any instance, it shares their work: its own lease, takeover of a dead instance's sessions, the
 * owner's reaper. It never ends a session on its own way out: close() leaves every machine running.
 */
export async function openAppOrchestrator(session: Session, flags: AppStoreFlags): Promise<AppOrchestrator> {
  if (flags.owner === undefined || flags.owner.trim() === '') {
    throw new UsageError('--store needs --owner <ownerId>: the ownerId your application gives createOrchestrator.');
  }
  const requested = providerList(flags.provider);
  for (const id of requested) requireKnownProvider(id);
  const store = await openStore(flags.store);
  const secretsKey = process.env.ATLAS_SECRETS_KEY;
  if (secretsKey !== undefined && secretsKey !== '') registerSecret(secretsKey);
  try {
    const ids = requested.length > 0 ? requested : configuredProviderIds(session);
    const targets = await Promise.all(ids.map((id) => connect(session, id, ids.length === 1)));
    const providers = Object.fromEntries(targets.map((target) => [target.provider.id, providerView(target)]));
    const orchestrator = createOrchestrator({
      providers: Object.values(providers),
      ownerId: flags.owner.trim(),
      store,
      ...(secretsKey === undefined || secretsKey === '' ? {} : { secretsKey }),
      logger: {
        warn: (message) => session.out.note(message),
        error: (message) => session.out.note(message),
      },
    });
    await orchestrator.ready().catch(async (error: unknown) => {
      await orchestrator.close().catch(() => undefined);
      throw storeError(error);
    });
    return {
      orchestrator,
      providers,
      async close() {
        await orchestrator.close();
        await store.close?.();
      },
    };
  } catch (error) {
    await store.close?.();
    throw error;
  }
}

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * A Postgres URL opens @atlas/store-postgres, anything else is a SQLite file for
 * @atlas/store-sqlite, which must exist: a mistyped path would open an empty store and show nothing.
 * Both are optional peers of the CLI, loaded only here. The URL is never quoted: it holds a password.
 */
async function openStore(spec: string): Promise<SessionStore> {
  if (POSTGRES_URL.test(spec)) {
    const password = safeUrl(spec)?.password;
    if (password !== undefined && password !== '') registerSecret(decodeURIComponent(password));
    const { createPostgresStore } =
      await optionalStore<typeof import('@atlas/store-postgres')>('@atlas/store-postgres');
    return createPostgresStore({ connectionString: spec });
  }
  if (!existsSync(spec)) {
    throw new UsageError(
      `--store ${spec}: no such file. Give the SQLite file your application's createSqliteStore uses, or a postgres:// URL.`,
    );
  }
  const { createSqliteStore } = await optionalStore<typeof import('@atlas/store-sqlite')>('@atlas/store-sqlite');
  return createSqliteStore({ path: spec });
}

/** What went wrong reading the store, as the store's error (its message redacted: it may quote the URL). */
function storeError(error: unknown): AtlasError {
  const cause = toAtlasError(error, STORE);
  return new AtlasError({
    kind: cause.kind,
    provider: STORE,
    message: `cannot read the sessions in --store: ${redactText(cause.message)}`,
  });
}

function safeUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

async function optionalStore<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_MODULE_NOT_FOUND') {
      throw new UsageError(`--store needs ${name} next to the CLI: npm install -g ${name}`);
    }
    throw error;
  }
}
