import { isAtlasError } from '@atlas/core';
import { parseWith } from '@atlas/core/provider';

type Schema = Parameters<typeof parseWith>[0];

/** The problems core's schema finds in a value, one line per bad field (empty when valid). */
export function schemaProblems(schema: Schema, value: unknown, what: string): string[] {
  try {
    parseWith(schema, value, what);
    return [];
  } catch (error) {
    if (!isAtlasError(error)) throw error;
    return error.issues.map((issue) => `${issue.path ?? '(root)'}: ${issue.message}`);
  }
}
