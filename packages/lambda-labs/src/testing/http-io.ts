import type { FakeResponse } from '@atlas/fake-kit';

export function data(body: unknown): FakeResponse {
  return { status: 200, body: { data: body } };
}

/** Lambda's error envelope: `{ "error": { "code", "message", "suggestion"? } }`. */
export function lambdaError(
  status: number,
  code: string,
  message: string,
  suggestion?: string,
  headers?: Record<string, string>,
): FakeResponse {
  return {
    status,
    body: { error: { code, message, ...(suggestion === undefined ? {} : { suggestion }) } },
    ...(headers === undefined ? {} : { headers }),
  };
}
