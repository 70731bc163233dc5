import * as v from 'valibot';
import type { AtlasIssue } from '../errors/atlas-error.js';
import { redactText } from '../errors/redact.js';
import { contractError, type FailureContext } from './failures.js';

const SNIPPET = 120;
const BLANK = /^\s*$/;

/** Parse a 2xx body read as text: empty means undefined, anything else must be JSON (else `contract`). */
export function parseJsonBody(
  text: string,
  status: number,
  contentType: string | null,
  where: FailureContext,
): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    // Checked only on failure: trimming a multi-megabyte list up front would copy it for nothing.
    if (BLANK.test(text)) return undefined;
    // Redacted before it is cut: a secret cut in two would slip past redaction and leave its start.
    const safe = redactText(text);
    const snippet = (safe.length > SNIPPET ? `${safe.slice(0, SNIPPET)}…` : safe).replace(/\s+/g, ' ');
    throw contractError(where, status, `the body is not JSON (content-type ${contentType ?? 'none'}): ${snippet}`, {
      raw: text,
      cause: error,
    });
  }
}

/** Check a body against the endpoint's schema; a mismatch is a `contract` error naming every failing path. */
export function validateBody<T>(
  schema: v.GenericSchema<unknown, T>,
  body: unknown,
  status: number,
  where: FailureContext,
): T {
  const result = v.safeParse(schema, body);
  if (result.success) return result.output;
  const issues = result.issues.map((issue): AtlasIssue => {
    const path = v.getDotPath(issue);
    return path === null ? { message: issue.message } : { path, message: issue.message };
  });
  const listed = issues.map((i) => (i.path === undefined ? i.message : `${i.path}: ${i.message}`)).join('; ');
  throw contractError(where, status, `the body does not have the expected shape: ${listed}`, { issues, raw: body });
}
