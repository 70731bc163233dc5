import type { CallContext } from '@atlas/core';
import type { HttpClient } from '@atlas/core/provider';

/** Builds the REST client for one call, resolving the key and URLs at call time. */
export type ClientFor = (ctx?: CallContext) => HttpClient;
