/**
 * A deliberately small structural checker for the request bodies the fake accepts. It mirrors the
 * spec's schemas (openapi-v2.json, serverless-openapi.yaml) closely enough to answer 422 the way the
 * real API does, without shipping a JSON-schema engine in the package; the contract tests check it
 * against a real validator over the spec.
 */

export type Check = (value: unknown, path: string, errors: string[]) => void;

const typeName = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

export function str(opts: { minLength?: number; pattern?: RegExp; enum?: readonly string[] } = {}): Check {
  return (value, path, errors) => {
    if (typeof value !== 'string') return void errors.push(`${path}: expected string, got ${typeName(value)}`);
    if (opts.minLength !== undefined && value.length < opts.minLength)
      errors.push(`${path}: length must be >= ${opts.minLength}`);
    if (opts.pattern && !opts.pattern.test(value))
      errors.push(`${path}: does not match pattern ${opts.pattern.source}`);
    if (opts.enum && !opts.enum.includes(value))
      errors.push(`${path}: value must be one of ${opts.enum.map((e) => `'${e}'`).join(', ')}`);
  };
}

export function int(opts: { minimum?: number; maximum?: number } = {}): Check {
  return (value, path, errors) => {
    if (typeof value !== 'number' || !Number.isInteger(value))
      return void errors.push(`${path}: expected integer, got ${typeName(value)}`);
    if (opts.minimum !== undefined && value < opts.minimum) errors.push(`${path}: must be >= ${opts.minimum}`);
    if (opts.maximum !== undefined && value > opts.maximum) errors.push(`${path}: must be <= ${opts.maximum}`);
  };
}

export function num(opts: { minimum?: number } = {}): Check {
  return (value, path, errors) => {
    if (typeof value !== 'number' || !Number.isFinite(value))
      return void errors.push(`${path}: expected number, got ${typeName(value)}`);
    if (opts.minimum !== undefined && value < opts.minimum) errors.push(`${path}: must be >= ${opts.minimum}`);
  };
}

export const bool: Check = (value, path, errors) => {
  if (typeof value !== 'boolean') errors.push(`${path}: expected boolean, got ${typeName(value)}`);
};

export const any: Check = () => {};

export function nullable(inner: Check): Check {
  return (value, path, errors) => {
    if (value !== null) inner(value, path, errors);
  };
}

export function arr(item: Check, opts: { minItems?: number; maxItems?: number; uniqueItems?: boolean } = {}): Check {
  return (value, path, errors) => {
    if (!Array.isArray(value)) return void errors.push(`${path}: expected array, got ${typeName(value)}`);
    if (opts.minItems !== undefined && value.length < opts.minItems)
      errors.push(`${path}: must have >= ${opts.minItems} items`);
    if (opts.maxItems !== undefined && value.length > opts.maxItems)
      errors.push(`${path}: must have <= ${opts.maxItems} items`);
    if (opts.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
      errors.push(`${path}: items must be unique`);
    value.forEach((v, i) => {
      item(v, `${path}[${i}]`, errors);
    });
  };
}

/** A map of string keys to values (`additionalProperties: {schema}`). */
export function record(value: Check): Check {
  return (input, path, errors) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return void errors.push(`${path}: expected object, got ${typeName(input)}`);
    for (const [key, v] of Object.entries(input)) value(v, `${path}.${key}`, errors);
  };
}

/**
 * An object. `closed` rejects unknown keys (additionalProperties/unevaluatedProperties false);
 * `refine` adds the cross-field rules a schema expresses with if/then.
 */
export function obj(
  props: Readonly<Record<string, Check>>,
  opts: {
    required?: readonly string[];
    closed?: boolean;
    refine?: (value: Record<string, unknown>, path: string, errors: string[]) => void;
  } = {},
): Check {
  return (input, path, errors) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input))
      return void errors.push(`${path}: expected object, got ${typeName(input)}`);
    const value = input as Record<string, unknown>;
    for (const key of opts.required ?? []) if (!(key in value)) errors.push(`${path}: missing property '${key}'`);
    for (const [key, v] of Object.entries(value)) {
      const check = props[key];
      if (check) check(v, `${path}.${key}`, errors);
      else if (opts.closed) errors.push(`${path}: additional properties '${key}' not allowed`);
    }
    opts.refine?.(value, path, errors);
  };
}

export function runCheck(check: Check, value: unknown): string[] {
  const errors: string[] = [];
  check(value, '$', errors);
  return errors;
}
