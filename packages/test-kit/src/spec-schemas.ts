import Ajv2020Module, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv and ajv-formats are CommonJS; under NodeNext their default export is the module object.
const Ajv2020 = Ajv2020Module as unknown as typeof Ajv2020Module.default;
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

export type Json = Record<string, unknown>;
export type { ValidateFunction };

export interface SpecSchemas {
  /** A validator for a schema taken from the spec (its `$ref`s resolve into the spec's components); compiled once. */
  validatorFor(schema: Json): ValidateFunction;
}

/**
 * JSON Schema 2020-12 validation of the schemas of one OpenAPI 3.1 document with ajv: the
 * document's components registered under `specId`, formats from ajv-formats plus the spec's own
 * (`true` accepts anything, as OpenAPI's informational formats do).
 */
export function createSpecSchemas(
  specId: string,
  components: unknown,
  formats: Readonly<Record<string, true | RegExp>> = {},
): SpecSchemas {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  for (const [name, format] of Object.entries(formats)) ajv.addFormat(name, format);
  ajv.addSchema({ $id: specId, components });
  const compiled = new Map<string, ValidateFunction>();
  const rebase = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(rebase);
    if (typeof schema !== 'object' || schema === null) return schema;
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${specId}${v}` : rebase(v),
      ]),
    );
  };
  return {
    validatorFor(schema) {
      const key = JSON.stringify(schema);
      let validate = compiled.get(key);
      if (!validate) {
        validate = ajv.compile(rebase(schema) as Json);
        compiled.set(key, validate);
      }
      return validate;
    },
  };
}

/** ajv's errors as one line each, prefixed with where they were found. */
export function ajvErrors(validate: ValidateFunction, where: string): string[] {
  return (validate.errors ?? []).map(
    (e) => `${where}${e.instancePath || ''} ${e.message ?? 'is invalid'} ${JSON.stringify(e.params ?? {})}`,
  );
}
