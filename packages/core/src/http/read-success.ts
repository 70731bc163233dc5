import type { AttemptPlan } from './attempt.js';
import type { FailureContext } from './failures.js';
import { parseJsonBody, validateBody } from './read-body.js';
import type { HttpRequest } from './types.js';

/** A 2xx as the request asked for it: the Response itself, nothing, text, or JSON checked by the schema. */
export function readSuccess<T>(
  response: Response,
  text: string,
  request: HttpRequest<T>,
  plan: AttemptPlan,
  where: FailureContext,
): T {
  switch (plan.responseType) {
    case 'response':
      return response as T;
    case 'none':
      return undefined as T;
    case 'text':
      return checked(request, text, response.status, where);
    default:
      return checked(
        request,
        parseJsonBody(text, response.status, response.headers.get('content-type'), where),
        response.status,
        where,
      );
  }
}

function checked<T>(request: HttpRequest<T>, data: unknown, status: number, where: FailureContext): T {
  if (request.schema === undefined) return data as T;
  if (request.accepts !== undefined && vouches(request.accepts, data)) return data;
  return validateBody(request.schema, data, status, where);
}

/**
 * A hand-written check may assume the shape it checks for (`data.items.length` on a `null` body):
 * if it throws, it vouches for nothing and the schema decides, so a bad body is still `contract`.
 */
function vouches<T>(accepts: (data: unknown) => data is T, data: unknown): data is T {
  try {
    return accepts(data) === true;
  } catch {
    return false;
  }
}
