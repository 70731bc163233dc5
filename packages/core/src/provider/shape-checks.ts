/**
 * Building blocks of the hand-written `accepts` checks that let a valid body skip valibot's copy
 * (see core's `HttpRequest.accepts`). Each mirrors one valibot schema and must never be looser:
 * true only for what the schema accepts and outputs unchanged. Stricter is fine (the schema then
 * decides), so arrays and the keys valibot drops from objects (`__proto__`, `prototype`,
 * `constructor`) are refused here.
 */
export type Fields = Readonly<Record<string, unknown>>;

/** A non-array object with none of the keys valibot leaves out of its copy. */
export function isPlainObject(value: unknown): value is Fields {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !Object.hasOwn(value, '__proto__') &&
    !Object.hasOwn(value, 'prototype') &&
    !Object.hasOwn(value, 'constructor')
  );
}

export const isString = (value: unknown): value is string => typeof value === 'string';

/** `v.number()`: any number but NaN. */
export const isNumber = (value: unknown): value is number => typeof value === 'number' && !Number.isNaN(value);

/** `v.optional(v.nullable(schema))`. */
export function isNullish<T>(value: unknown, check: (item: unknown) => item is T): value is T | null | undefined {
  return value === undefined || value === null || check(value);
}

/** `v.optional(schema)`. */
export function isOptional<T>(value: unknown, check: (item: unknown) => item is T): value is T | undefined {
  return value === undefined || check(value);
}

export function isArrayOf<T>(value: unknown, check: (item: unknown) => item is T): value is T[] {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!check(item)) return false;
  return true;
}
