import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ajvErrors, createSpecSchemas, type Json } from '@atlas/test-kit';

/**
 * Validates requests and responses against Lambda's official OpenAPI 3.1 document
 * (openapi-1.8.3.json, vendored verbatim from /work/shared/specs/lambda). JSON Schema 2020-12 via
 * ajv; `$ref`s resolve into the document's components. Every function returns the violations
 * (empty when valid) so a test shows all of them at once.
 */

interface SpecDoc {
  paths: Record<string, Record<string, unknown>>;
  components: Json;
}

const SPEC_ID = 'https://spec.atlas.test/lambda-1.8.3.json';
const doc = JSON.parse(
  readFileSync(fileURLToPath(new URL('./spec/openapi-1.8.3.json', import.meta.url)), 'utf8'),
) as SpecDoc;

const { validatorFor } = createSpecSchemas(SPEC_ID, doc.components, {
  // `password` marks write-only secrets (user_data); it constrains nothing.
  password: true,
  ipv4network: /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/,
});

function deref(node: unknown): Json {
  let current = node as Json;
  while (typeof current?.$ref === 'string') {
    const parts = (current.$ref as string).replace(/^#\//, '').split('/');
    current = parts.reduce<unknown>(
      (acc, p) => (acc as Json)[p.replaceAll('~1', '/').replaceAll('~0', '~')],
      doc,
    ) as Json;
  }
  return current;
}

/** The spec operation for a concrete path; literal segments win over `{params}`. */
export function findOperation(method: string, path: string): { template: string; operation: Json } | undefined {
  const segments = path.split('/');
  const candidates = Object.keys(doc.paths).filter((template) => {
    const parts = template.split('/');
    return parts.length === segments.length && parts.every((p, i) => /^\{.+\}$/.test(p) || p === segments[i]);
  });
  candidates.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  for (const template of candidates) {
    const operation = doc.paths[template]?.[method.toLowerCase()] as Json | undefined;
    if (operation) return { template, operation };
  }
  return undefined;
}

/** Every operation of the spec, as `METHOD /template`. */
export function specOperations(): string[] {
  return Object.entries(doc.paths).flatMap(([template, item]) =>
    Object.keys(item)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((m) => `${m.toUpperCase()} ${template}`),
  );
}

/** Violations of a request: unknown operation, undeclared query parameters, body vs schema. */
export function validateRequest(method: string, path: string, query: URLSearchParams, body: unknown): string[] {
  const found = findOperation(method, path);
  if (!found) return [`${method} ${path}: no such operation in the spec`];
  const where = `${method} ${found.template}`;
  const violations: string[] = [];
  const params = ((found.operation.parameters as unknown[]) ?? []).map(deref);
  for (const name of new Set(query.keys())) {
    if (!params.some((p) => p.in === 'query' && p.name === name)) {
      violations.push(`${where}: query parameter '${name}' is not declared`);
    }
  }
  const requestBody = found.operation.requestBody ? deref(found.operation.requestBody) : undefined;
  if (!requestBody) {
    if (body !== undefined) violations.push(`${where}: the operation takes no request body`);
    return violations;
  }
  if (body === undefined) {
    if (requestBody.required === true) violations.push(`${where}: request body is required`);
    return violations;
  }
  const media = (requestBody.content as Record<string, Json>)['application/json'] as Json;
  const validate = validatorFor(media.schema as Json);
  if (!validate(body)) violations.push(...ajvErrors(validate, `${where} body`));
  return violations;
}

/** Violations of a response: undeclared status, body vs the declared schema. */
export function validateResponse(method: string, path: string, status: number, body: unknown): string[] {
  const found = findOperation(method, path);
  if (!found) return [`${method} ${path}: no such operation in the spec`];
  const where = `${method} ${found.template} ${status}`;
  const responses = found.operation.responses as Json;
  const declared = responses[String(status)] ?? responses.default;
  if (!declared) return [`${where}: status not declared`];
  const content = deref(declared).content as Record<string, Json> | undefined;
  const media = content?.['application/json'];
  if (!media?.schema) return [];
  const validate = validatorFor(media.schema as Json);
  return validate(body) ? [] : ajvErrors(validate, `${where} body`);
}

/** For tests that check a component directly (`Instance`, `InstanceLaunchRequest`). */
export function validateComponent(name: string, value: unknown): string[] {
  const validate = validatorFor({ $ref: `#/components/schemas/${name}` });
  return validate(value) ? [] : ajvErrors(validate, name);
}
