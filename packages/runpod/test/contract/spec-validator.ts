import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ajvErrors, createSpecSchemas, type Json, type SpecSchemas, type ValidateFunction } from '@atlas/test-kit';
import { parse as parseYaml } from 'yaml';

/**
 * Validates requests and responses against RunPod's specs: the official REST v2 OpenAPI 3.1
 * document and the hand-written runtime one. JSON Schema 2020-12 (OpenAPI 3.1's dialect) through
 * test-kit's createSpecSchemas; `$ref`s resolve into the document's components. Every function
 * returns the list of violations (empty when valid) so a test can show all of them at once.
 */

export type Api = 'rest' | 'runtime';

interface SpecDoc {
  paths: Record<string, Record<string, unknown>>;
  components: Json;
}

const specDir = fileURLToPath(new URL('./spec/', import.meta.url));

const SPEC_IDS: Readonly<Record<Api, string>> = {
  rest: 'https://spec.atlas.test/runpod-v2.json',
  runtime: 'https://spec.atlas.test/runpod-runtime.json',
};
/** The runtime spec's server is https://api.runpod.ai/v2, so its paths start after `/v2`. */
const PATH_PREFIX: Readonly<Record<Api, string>> = { rest: '', runtime: '/v2' };

const docs: Readonly<Record<Api, SpecDoc>> = {
  rest: JSON.parse(readFileSync(`${specDir}openapi-v2.json`, 'utf8')) as SpecDoc,
  runtime: parseYaml(readFileSync(`${specDir}serverless-openapi.yaml`, 'utf8')) as SpecDoc,
};

/**
 * ajv 8 forgets the properties its siblings evaluated when an `if` without `else` fails, so
 * `unevaluatedProperties: false` then rejects valid bodies (CreateEndpointRequest with type QUEUE).
 * `if I then T` is rewritten to the equivalent `anyOf: [not I, allOf: [I, T]]`, which ajv tracks correctly.
 */
function rewriteConditionals(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteConditionals);
  if (typeof node !== 'object' || node === null) return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, rewriteConditionals(v)])) as Json;
  if (!('if' in out) || 'else' in out) return out;
  const { if: condition, then = true, ...rest } = out;
  return {
    ...rest,
    allOf: [...((rest.allOf as unknown[]) ?? []), { anyOf: [{ not: condition }, { allOf: [condition, then] }] }],
  };
}

// OpenAPI's numeric formats carry no constraint JSON Schema can check.
const NUMERIC_FORMATS = { float: true, double: true, int32: true, int64: true } as const;
const schemas: Readonly<Record<Api, SpecSchemas>> = {
  rest: createSpecSchemas(SPEC_IDS.rest, rewriteConditionals(docs.rest.components), NUMERIC_FORMATS),
  runtime: createSpecSchemas(SPEC_IDS.runtime, rewriteConditionals(docs.runtime.components), NUMERIC_FORMATS),
};

/** Compiles a schema found at `pointer` in the spec (its $refs resolve against the spec's components). */
function validatorAt(api: Api, pointer: string): ValidateFunction {
  return schemas[api].validatorFor({ $ref: `#${pointer}` });
}

/** Follows a local `$ref` (`#/components/...`) to its target object. */
function deref(api: Api, node: unknown): Json {
  let current = node as Json;
  while (typeof current?.$ref === 'string') {
    const parts = (current.$ref as string).replace(/^#\//, '').split('/');
    current = parts.reduce<unknown>(
      (acc, p) => (acc as Json)[p.replaceAll('~1', '/').replaceAll('~0', '~')],
      docs[api],
    ) as Json;
  }
  return current;
}

/** Finds the spec path template for a concrete path; literal segments win over `{params}`. */
export function findOperation(
  api: Api,
  method: string,
  path: string,
): { template: string; operation: Json; params: Json[] } | undefined {
  const prefix = PATH_PREFIX[api];
  if (!path.startsWith(prefix)) return undefined;
  const segments = path.slice(prefix.length).split('/');
  const candidates = Object.keys(docs[api].paths).filter((template) => {
    const parts = template.split('/');
    return parts.length === segments.length && parts.every((p, i) => /^\{.+\}$/.test(p) || p === segments[i]);
  });
  candidates.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  for (const template of candidates) {
    const item = docs[api].paths[template]!;
    const operation = item[method.toLowerCase()] as Json | undefined;
    if (operation) {
      const params = [...((item.parameters as unknown[]) ?? []), ...((operation.parameters as unknown[]) ?? [])].map(
        (p) => deref(api, p),
      );
      return { template, operation, params };
    }
  }
  return undefined;
}

/** Turns a query string value into what the parameter's schema describes (form style, explode false). */
function coerceQuery(schema: Json, values: string[]): unknown {
  const type = schema.type;
  const scalar = (v: string, t: unknown): unknown => {
    if (t === 'integer' || t === 'number') return v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v;
    if (t === 'boolean') return v === 'true' ? true : v === 'false' ? false : v;
    return v;
  };
  if (type === 'array')
    return values.flatMap((v) => v.split(',')).map((v) => scalar(v, (schema.items as Json | undefined)?.type));
  return scalar(values.at(-1)!, type);
}

export interface RequestCheck {
  api?: Api;
  query?: URLSearchParams | Record<string, string>;
  /** The request's content type, when it sends a body. */
  contentType?: string;
}

/** Violations of a request: unknown operation, undeclared or invalid query parameters, body vs schema. */
export function validateRequest(method: string, path: string, body: unknown, check: RequestCheck = {}): string[] {
  const api = check.api ?? 'rest';
  const found = findOperation(api, method, path);
  if (!found) return [`${method} ${path}: no such operation in the ${api} spec`];
  const where = `${method} ${found.template}`;
  const violations: string[] = [];

  const query = check.query instanceof URLSearchParams ? check.query : new URLSearchParams(check.query ?? {});
  for (const name of new Set(query.keys())) {
    const param = found.params.find((p) => p.in === 'query' && p.name === name);
    if (!param) {
      violations.push(`${where}: query parameter '${name}' is not declared`);
      continue;
    }
    const schema = deref(api, param.schema);
    const validate = validatorForSchema(api, { schema });
    if (!validate(coerceQuery(schema, query.getAll(name))))
      violations.push(...ajvErrors(validate, `${where} query.${name}`));
  }
  for (const param of found.params) {
    if (param.in === 'query' && param.required === true && !query.has(param.name as string))
      violations.push(`${where}: missing required query '${String(param.name)}'`);
  }

  const requestBody = found.operation.requestBody ? deref(api, found.operation.requestBody) : undefined;
  if (!requestBody) {
    if (body !== undefined) violations.push(`${where}: the operation takes no request body`);
    return violations;
  }
  if (body === undefined) {
    if (requestBody.required === true) violations.push(`${where}: request body is required`);
    return violations;
  }
  if (check.contentType !== undefined && !check.contentType.startsWith('application/json')) {
    violations.push(`${where}: request content type ${check.contentType} is not application/json`);
  }
  const validate = validatorForSchema(api, (requestBody.content as Record<string, Json>)['application/json']!);
  if (!validate(body)) violations.push(...ajvErrors(validate, `${where} body`));
  return violations;
}

/** Compiles an inline schema (from paths); its local refs resolve into the components. */
function validatorForSchema(api: Api, media: Json): ValidateFunction {
  return schemas[api].validatorFor(rewriteConditionals(media.schema) as Json);
}

export interface ResponseCheck {
  api?: Api;
  /** The response's content-type header; checked against the declared media types. */
  contentType?: string | null;
}

/** Violations of a response: undeclared status, wrong media type, body vs schema, a body where none is declared. */
export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
  check: ResponseCheck = {},
): string[] {
  const api = check.api ?? 'rest';
  const found = findOperation(api, method, path);
  if (!found) return [`${method} ${path}: no such operation in the ${api} spec`];
  const where = `${method} ${found.template} ${status}`;
  const responses = found.operation.responses as Json;
  const declared = responses[String(status)] ?? responses.default;
  if (!declared) return [`${where}: status not declared`];
  const response = deref(api, declared);
  const content = response.content as Record<string, Json> | undefined;
  if (!content) {
    // An error without declared content is an undocumented body (the runtime's errors), not an empty one.
    if (status >= 400) return [];
    return body === undefined || body === ''
      ? []
      : [`${where}: no body is declared, got ${JSON.stringify(body).slice(0, 80)}`];
  }
  const mediaTypes = Object.keys(content);
  const mediaType = check.contentType ? check.contentType.split(';')[0]!.trim() : mediaTypes[0]!;
  const media = content[mediaType];
  if (!media) return [`${where}: content type ${mediaType} is not one of ${mediaTypes.join(', ')}`];
  if (!media.schema) return [];
  const validate = validatorForSchema(api, media);
  return validate(body) ? [] : ajvErrors(validate, `${where} body`);
}

/** For tests that need a component schema directly (e.g. `Pod`). */
export function validateComponent(api: Api, name: string, value: unknown): string[] {
  const validate = validatorAt(api, `/components/schemas/${name}`);
  return validate(value) ? [] : ajvErrors(validate, name);
}
