import type { FakeResponse } from '@atlas/fake-kit';

export function json(status: number, body: unknown): FakeResponse {
  return { status, body };
}

/** Vast's usual error body: `{success: false, error, msg}`. */
export function vastError(
  status: number,
  error: string,
  msg: string,
  extra: Record<string, unknown> = {},
): FakeResponse {
  return { status, body: { success: false, error, msg, ...extra } };
}
