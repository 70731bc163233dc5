/** Runtime paths, relative to `{runtime}/v2/`. Ids are encoded: they come from callers. */
export const endpointPath = (endpoint: string, operation: string) => `${encodeURIComponent(endpoint)}/${operation}`;
export const jobPath = (endpoint: string, operation: string, id: string) =>
  `${encodeURIComponent(endpoint)}/${operation}/${encodeURIComponent(id)}`;
