import { type AtlasError, type ErrorKind, isAtlasError } from '@atlas/core';
import { expect } from 'vitest';

function describeValue(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Asserts that a rejection is an AtlasError that names the provider; returns it typed. */
export function expectAtlasError(error: unknown, providerId: string, what: string): AtlasError {
  if (!isAtlasError(error)) {
    expect.fail(`${what} must reject with an AtlasError, but rejected with ${describeValue(error)}`);
  }
  expect(error.provider, `${what}: the AtlasError must name the provider`).toBe(providerId);
  return error;
}

/** Awaits a call that must fail; returns what it rejected with. */
export async function rejectionOf(call: () => Promise<unknown> | unknown, what: string): Promise<unknown> {
  let value: unknown;
  try {
    value = await call();
  } catch (error) {
    return error;
  }
  return expect.fail(`${what} must reject, but resolved with ${describeValue(value)}`);
}

/** Asserts that a call rejects with an AtlasError of one of the kinds, naming the provider. */
export async function expectRejects(
  call: () => Promise<unknown> | unknown,
  kinds: readonly ErrorKind[],
  providerId: string,
  what: string,
): Promise<AtlasError> {
  const error = expectAtlasError(await rejectionOf(call, what), providerId, what);
  expect(
    kinds,
    `${what} must reject with kind ${kinds.join(' or ')}, got '${error.kind}' (${error.message})`,
  ).toContain(error.kind);
  return error;
}

/** True when the error is an AtlasError `not_found` (cleanup and "gone" checks accept it). */
export function isNotFound(error: unknown): boolean {
  return isAtlasError(error) && error.kind === 'not_found';
}
