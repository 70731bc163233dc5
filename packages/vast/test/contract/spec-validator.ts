import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ajvErrors, createSpecSchemas, type Json } from '@atlas/test-kit';
import { parse as parseYaml } from 'yaml';

/**
 * Validates requests and responses against Vast's official OpenAPI 3.1 document with ajv (JSON
 * Schema 2020-12, OpenAPI 3.1's dialect); `$ref`s resolve into the document's components. Every
 * function returns the list of violations (empty when valid), so a test shows all of them at once.
 */

interface SpecDoc {
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json> };
}

const SPEC_ID = 'https://spec.atlas.test/vast.json';
const doc = parseYaml(readFileSync(fileURLToPath(new URL('./spec/openapi.yaml', import.meta.url)), 'utf8')) as SpecDoc;

const DOCKER_PORT_MAP = {
  type: ['object', 'null'],
  additionalProperties: {
    type: 'array',
    items: { type: 'object', properties: { HostIp: { type: 'string' }, HostPort: { type: 'string' } } },
  },
};

/**
 * Where the spec and the API disagree (specs/vast/NOTES.md), the spec is patched, and only there.
 * Each entry says what and why; `validateResponse` and `validateRequest` see the patched document.
 */
export const KNOWN_CONFLICTS = [
  {
    what: 'PUT /api/v0/asks/{id} `env`: the spec says a Docker-flag string; Vast clients send the object form',
    patch: (d: SpecDoc) => {
      const schema = (d.paths['/api/v0/asks/{id}']!.put!.requestBody as Json).content as Record<string, Json>;
      const props = (schema['application/json']!.schema as Json).properties as Record<string, Json>;
      props.env = { oneOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }] };
    },
  },
  {
    what: 'Instance.ports: the spec says array<integer>; the API sends the Docker-style map, null until running (as the v1 list documents)',
    patch: (d: SpecDoc) => {
      (d.components.schemas.Instance!.properties as Record<string, Json>).ports = DOCKER_PORT_MAP;
    },
  },
  {
    what: 'Instance.extra_env: the spec says array<string>; the API sends [name, value] pairs (as the v1 list documents)',
    patch: (d: SpecDoc) => {
      (d.components.schemas.Instance!.properties as Record<string, Json>).extra_env = {
        type: 'array',
        items: { type: 'array', items: { type: 'string' } },
      };
    },
  },
  {
    what: 'GET /api/v0/instances/{id}: an id that is not yours answers `{"instances": null}` (vast-cli reads null as not found)',
    patch: (d: SpecDoc) => {
      const ok = (d.paths['/api/v0/instances/{id}']!.get!.responses as Record<string, Json>)['200']!;
      const schema = (ok.content as Record<string, Json>)['application/json']!.schema as Json;
      (schema.properties as Record<string, Json>).instances = {
        oneOf: [{ $ref: '#/components/schemas/Instance' }, { type: 'null' }],
      };
    },
  },
] as const;

for (const conflict of KNOWN_CONFLICTS) conflict.patch(doc);

const { validatorFor } = createSpecSchemas(SPEC_ID, doc.components, {
  float: true,
  double: true,
  int32: true,
  int64: true,
});

function deref(node: unknown): Json {
  let current = node as Json;
  while (typeof current?.$ref === 'string') {
    const parts = (current.$ref as string).replace(/^#\//, '').split('/');
    current = parts.reduce<unknown>((acc, p) => (acc as Json)[p], doc) as Json;
  }
  return current;
}

/** The spec's path template for a concrete path (Vast's clients add a trailing slash the spec omits). */
export function findOperation(
  method: string,
  path: string,
): { template: string; operation: Json; params: Json[] } | undefined {
  const segments = path.replace(/\/+$/, '').split('/');
  const candidates = Object.keys(doc.paths).filter((template) => {
    const parts = template.split('/');
    return parts.length === segments.length && parts.every((p, i) => /^\{.+\}$/.test(p) || p === segments[i]);
  });
  candidates.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  for (const template of candidates) {
    const operation = doc.paths[template]![method.toLowerCase()];
    if (operation) {
      const params = ((operation.parameters as unknown[]) ?? []).map(deref);
      return { template, operation, params };
    }
  }
  return undefined;
}

function coerce(schema: Json, value: string): unknown {
  if (schema.type === 'integer' || schema.type === 'number')
    return Number.isFinite(Number(value)) ? Number(value) : value;
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** Violations of a request: unknown operation, missing, undeclared or invalid query and path parameters, body vs schema. */
export function validateRequest(method: string, path: string, query: URLSearchParams, body: unknown): string[] {
  const found = findOperation(method, path);
  if (!found) return [`${method} ${path}: no such operation in the spec`];
  const where = `${method} ${found.template}`;
  const violations: string[] = [];
  for (const param of found.params) {
    if (param.in === 'query' && param.required === true && !query.has(param.name as string))
      violations.push(`${where}: required query parameter '${param.name}' is missing`);
  }
  for (const name of new Set(query.keys())) {
    const param = found.params.find((p) => p.in === 'query' && p.name === name);
    if (!param) {
      violations.push(`${where}: query parameter '${name}' is not declared`);
      continue;
    }
    const schema = deref(param.schema);
    const validate = validatorFor(schema);
    if (!validate(coerce(schema, query.get(name)!))) violations.push(...ajvErrors(validate, `${where} query.${name}`));
  }
  const segments = path.replace(/\/+$/, '').split('/');
  found.template.split('/').forEach((part, i) => {
    const name = /^\{(.+)\}$/.exec(part)?.[1];
    const param = name === undefined ? undefined : found.params.find((p) => p.in === 'path' && p.name === name);
    if (param === undefined) return;
    const schema = deref(param.schema);
    const validate = validatorFor(schema);
    if (!validate(coerce(schema, segments[i]!))) violations.push(...ajvErrors(validate, `${where} path.${name}`));
  });
  const requestBody = found.operation.requestBody ? deref(found.operation.requestBody) : undefined;
  if (!requestBody) {
    if (body !== undefined) violations.push(`${where}: the operation takes no request body`);
    return violations;
  }
  if (body === undefined) {
    if (requestBody.required === true) violations.push(`${where}: request body is required`);
    return violations;
  }
  const media = (requestBody.content as Record<string, Json>)['application/json']!;
  const validate = validatorFor(media.schema as Json);
  if (!validate(body)) violations.push(...ajvErrors(validate, `${where} body`));
  return violations;
}

/**
 * Violations of a response: undeclared status, body vs schema. A 429 may come as plain text
 * (NOTES.md: "body usually plain text"), which the spec's JSON-only 429s do not say.
 */
export function validateResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
  contentType: string | null,
): string[] {
  const found = findOperation(method, path);
  if (!found) return [`${method} ${path}: no such operation in the spec`];
  const where = `${method} ${found.template} ${status}`;
  const declared = (found.operation.responses as Json)[String(status)];
  // Vast limits every endpoint (NOTES.md: per endpoint and identity), also where the spec lists no 429.
  if (!declared && status === 429) return isRateLimitBody(body) ? [] : [`${where}: not a rate-limit body`];
  if (!declared) return [`${where}: status not declared`];
  const content = deref(declared).content as Record<string, Json> | undefined;
  if (!content) return [];
  if (status === 429 && contentType?.startsWith('text/plain'))
    return isRateLimitBody(body) ? [] : [`${where}: not text`];
  const media = content['application/json'];
  if (!media) return [`${where}: no JSON body declared`];
  if (!contentType?.includes('json')) return [`${where}: content type ${contentType} is not JSON`];
  const validate = validatorFor(media.schema as Json);
  return validate(body) ? [] : ajvErrors(validate, `${where} body`);
}

/** Vast's 429 bodies: plain text, `{detail}`, or `{success, error, msg}` (NOTES.md). */
function isRateLimitBody(body: unknown): boolean {
  if (typeof body === 'string') return /too frequent/i.test(body);
  if (body === null || typeof body !== 'object') return false;
  const b = body as Json;
  return typeof b.detail === 'string' || typeof b.msg === 'string';
}
