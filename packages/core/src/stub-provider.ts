import { type Capability, isCapability } from './capabilities.js';
import { AtlasError } from './errors/atlas-error.js';
import { createBoundary, type ProviderOperations } from './provider/boundary.js';
import type { Provider } from './provider.js';

export interface StubProviderOptions {
  readonly id: string;
  /** What the real provider will offer; the stub implements none of it. */
  readonly capabilities?: readonly Capability[];
  readonly docsUrl?: string;
  /** Why it is a stub ("not implemented yet", "the cloud retired GPU Machines on ..."). */
  readonly reason?: string;
}

const DEFAULT_REASON = 'its implementation has not landed yet';

/**
 * A provider that reserves a name: every operation rejects AtlasError `unsupported` with a message
 * naming the provider, the operation, the reason and the docs. The optional methods exist exactly
 * as the declared capabilities say (serverless: the job methods; gpu_catalog: listGpuTypes; logs: logs), so
 * the stub is as honest about its shape as the real provider will be, and call sites written
 * against it keep compiling when the real one replaces it.
 */
export function createStubProvider(options: StubProviderOptions): Provider {
  const { id, docsUrl } = options;
  const capabilities = Object.freeze([...(options.capabilities ?? [])]);
  const reason = sentence(options.reason ?? DEFAULT_REASON);
  if (typeof id !== 'string' || id.trim() === '') {
    throw new AtlasError({
      kind: 'validation',
      message: 'createStubProvider needs a non-empty id.',
      issues: [{ path: 'id', message: 'must be a non-empty string' }],
    });
  }
  const unknown = capabilities.filter((capability) => !isCapability(capability));
  if (unknown.length > 0) {
    throw new AtlasError({
      kind: 'validation',
      message: `createStubProvider(${id}): unknown capabilities: ${unknown.join(', ')}.`,
      issues: [{ path: 'capabilities', message: `unknown: ${unknown.join(', ')}` }],
    });
  }

  const unsupported = (operation: string): AtlasError =>
    new AtlasError({
      kind: 'unsupported',
      provider: id,
      message: `${id} is a stub provider, so ${operation} is unsupported: ${reason}${docsUrl ? ` See ${docsUrl}` : ''}`,
    });
  const reject = (operation: string) => async (): Promise<never> => {
    throw unsupported(operation);
  };
  /** Yields nothing: the first next() rejects, so `for await` fails at once rather than looping. */
  const rejectStream = (operation: string) =>
    // biome-ignore lint/correctness/useYield: a stream that fails before its first item.
    async function* (): AsyncGenerator<never> {
      throw unsupported(operation);
    };

  const operations: ProviderOperations = {
    spawnCompute: reject('spawnCompute'),
    getCompute: reject('getCompute'),
    listCompute: reject('listCompute'),
    stop: reject('stop'),
    start: reject('start'),
    terminate: reject('terminate'),
    ...(capabilities.includes('serverless')
      ? {
          runJob: reject('runJob'),
          getJob: reject('getJob'),
          cancelJob: reject('cancelJob'),
          streamJob: rejectStream('streamJob'),
        }
      : {}),
    ...(capabilities.includes('gpu_catalog') ? { listGpuTypes: reject('listGpuTypes') } : {}),
    ...(capabilities.includes('logs') ? { logs: rejectStream('logs') } : {}),
  };
  // The same boundary as every provider: a bad id is still `validation`, checked before the refusal.
  return Object.freeze(createBoundary({ id, capabilities, operations }));
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
