import * as v from 'valibot';
import { AtlasError, type AtlasIssue } from '../errors/atlas-error.js';
import { type ComputeRequest, ComputeRequestSchema } from './compute.js';
import { type JobRef, JobRefSchema, type JobRequest, JobRequestSchema } from './job.js';

/**
 * Validate input against a schema; on failure throw AtlasError `validation` whose message names
 * every bad field by its dot path (`ports.0.port: must be between 1 and 65535`).
 */
export function parseWith<const S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  what: string,
  provider = 'atlas',
): v.InferOutput<S> {
  const result = v.safeParse(schema, input, { abortEarly: false });
  if (result.success) return result.output;
  const issues: AtlasIssue[] = result.issues.map((issue) => ({
    path: v.getDotPath(issue) ?? '(root)',
    message: issue.message,
  }));
  const list = issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  throw new AtlasError({ kind: 'validation', provider, message: `Invalid ${what}: ${list}`, issues, raw: undefined });
}

export function parseComputeRequest(input: unknown, provider?: string): ComputeRequest {
  return parseWith(ComputeRequestSchema, input, 'compute request', provider);
}

export function parseJobRequest(input: unknown, provider?: string): JobRequest {
  return parseWith(JobRequestSchema, input, 'job request', provider);
}

export function parseJobRef(input: unknown, provider?: string): JobRef {
  return parseWith(JobRefSchema, input, 'job reference', provider);
}
