import type { CallContext, HttpClient } from '@atlas/core';

/** Builds the REST client for one call, resolving the key and URLs at call time. */
export type ClientFor = (ctx?: CallContext) => HttpClient;
