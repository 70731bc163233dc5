import { describe, expect, it } from 'vitest';
import type { ErrorKind } from '../src/index.js';
import { errorFromResponse } from '../src/provider/index.js';

/**
 * Real error bodies from the providers' notes (/work/shared/specs: runpod/errors.md, lambda/NOTES.md,
 * vast/NOTES.md) and what core alone, with no provider rule, makes of them: the kind, the code rules
 * can match, and the message. Provider authors add rules only where these are not what they need.
 */
interface Case {
  readonly name: string;
  readonly status: number;
  readonly body: unknown;
  readonly kind: ErrorKind;
  readonly code?: string;
  readonly message: string;
}

const CASES: readonly Case[] = [
  // RunPod REST v2: RFC 9457 problem+json.
  {
    name: 'runpod v2 capacity',
    status: 400,
    body: {
      title: 'Bad Request',
      status: 400,
      detail: 'There are no longer any instances available with the requested specifications.',
    },
    kind: 'capacity',
    message: 'Bad Request: There are no longer any instances available with the requested specifications.',
  },
  {
    name: 'runpod v2 validation with errors[]',
    status: 422,
    body: {
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'Request validation failed.',
      errors: ["$: additional properties 'bogus' not allowed"],
    },
    kind: 'validation',
    message: 'Unprocessable Entity: Request validation failed.',
  },
  {
    name: 'runpod v2 missing token',
    status: 401,
    body: { title: 'Unauthorized', status: 401, detail: 'missing bearer token' },
    kind: 'unauthorized',
    message: 'Unauthorized: missing bearer token',
  },
  {
    name: 'runpod v2 rate limit',
    status: 429,
    body: { title: 'Too Many Requests', status: 429, detail: 'rate limit exceeded for the minute window' },
    kind: 'rate_limited',
    message: 'Too Many Requests: rate limit exceeded for the minute window',
  },
  // RunPod REST v1: `{error: "<op>: <message>", status}`, capacity and balance as 500.
  {
    name: 'runpod v1 no instances (a provider rule is needed for capacity)',
    status: 500,
    body: { error: 'create pod: There are no instances currently available', status: 500 },
    kind: 'provider',
    message: 'create pod: There are no instances currently available',
  },
  {
    name: 'runpod v1 machine lacks resources',
    status: 500,
    body: {
      error: 'create pod: This machine does not have the resources to deploy your pod. Please try a different machine',
    },
    kind: 'provider',
    message: 'create pod: This machine does not have the resources to deploy your pod.',
  },
  {
    name: 'runpod v1 message shape',
    status: 404,
    body: { message: 'Pod not found' },
    kind: 'not_found',
    message: 'Pod not found',
  },
  // RunPod GraphQL.
  {
    name: 'runpod graphql supply constraint',
    status: 200,
    body: {
      errors: [
        {
          message:
            'There are no longer any instances available with the requested specifications. Please refresh and try again.',
          extensions: { code: 'SUPPLY_CONSTRAINT' },
        },
      ],
    },
    kind: 'unknown',
    code: 'SUPPLY_CONSTRAINT',
    message: 'There are no longer any instances available',
  },
  // Lambda Labs: `{error: {code, message, suggestion}}`.
  {
    name: 'lambda insufficient capacity',
    status: 400,
    body: {
      error: {
        code: 'instance-operations/launch/insufficient-capacity',
        message: 'Not enough capacity to fulfill launch request.',
        suggestion: 'Choose an instance type with more availability, or try again later.',
      },
    },
    kind: 'capacity',
    code: 'instance-operations/launch/insufficient-capacity',
    message: 'Not enough capacity to fulfill launch request.',
  },
  {
    name: 'lambda invalid api key',
    status: 401,
    body: {
      error: {
        code: 'global/invalid-api-key',
        message: 'API key was invalid, expired, or deleted.',
        suggestion: 'Check your API key or create a new one, then try again.',
      },
    },
    kind: 'unauthorized',
    code: 'global/invalid-api-key',
    message: 'API key was invalid, expired, or deleted.',
  },
  {
    name: 'lambda invalid parameters',
    status: 400,
    body: { error: { code: 'global/invalid-parameters', message: 'Invalid request data.' } },
    kind: 'validation',
    code: 'global/invalid-parameters',
    message: 'Invalid request data.',
  },
  {
    name: 'lambda quota exceeded (a 400: a provider rule decides what it is)',
    status: 400,
    body: {
      error: {
        code: 'global/quota-exceeded',
        message: 'Quota exceeded.',
        suggestion: 'Contact Support to increase your quota.',
      },
    },
    kind: 'validation',
    code: 'global/quota-exceeded',
    message: 'Quota exceeded.',
  },
  {
    name: 'lambda object does not exist',
    status: 404,
    body: { error: { code: 'global/object-does-not-exist', message: 'Specified instance does not exist.' } },
    kind: 'not_found',
    code: 'global/object-does-not-exist',
    message: 'Specified instance does not exist.',
  },
  {
    name: 'lambda upstream unavailable',
    status: 503,
    body: {
      error: {
        code: 'provider/internal-unavailable',
        message: 'Provider unavailable',
        suggestion: 'Try again shortly',
      },
    },
    kind: 'provider',
    code: 'provider/internal-unavailable',
    message: 'Provider unavailable',
  },
  // Vast.ai: `{success, error: "<code>", msg}`.
  {
    name: 'vast invalid args',
    status: 400,
    body: {
      success: false,
      error: 'invalid_args',
      msg: "error 400/3467: Invalid args: 'id' is required",
      ask_id: 1234567,
    },
    kind: 'validation',
    code: 'invalid_args',
    message: "error 400/3467: Invalid args: 'id' is required",
  },
  {
    name: 'vast offer gone (410: a provider rule can call it capacity)',
    status: 410,
    body: {
      success: false,
      error: 'no_such_ask',
      msg: 'error 410/3907: no_such_ask Instance type 1234567 is no longer available.',
    },
    kind: 'not_found',
    code: 'no_such_ask',
    message: 'no_such_ask Instance type 1234567 is no longer available.',
  },
  {
    name: 'vast invalid user key',
    status: 401,
    body: { success: false, error: 'auth_error', msg: 'Invalid user key' },
    kind: 'unauthorized',
    code: 'auth_error',
    message: 'Invalid user key',
  },
  {
    name: 'vast instance not found',
    status: 404,
    body: { success: false, error: 'not_found', msg: 'Instance not found' },
    kind: 'not_found',
    code: 'not_found',
    message: 'Instance not found',
  },
  {
    name: 'vast rate limit as plain text',
    status: 429,
    body: 'API requests too frequent: endpoint threshold=4.5',
    kind: 'rate_limited',
    message: 'API requests too frequent: endpoint threshold=4.5',
  },
  {
    name: 'vast rate limit as FastAPI detail',
    status: 429,
    body: { detail: 'API requests too frequent endpoint threshold=4.5' },
    kind: 'rate_limited',
    message: 'API requests too frequent endpoint threshold=4.5',
  },
  {
    name: 'vast search body error',
    status: 400,
    body: { error: 'invalid_request', msg: 'Invalid json body' },
    kind: 'validation',
    code: 'invalid_request',
    message: 'Invalid json body',
  },
];

describe('provider error bodies, read by core alone', () => {
  it.each(CASES)('$name', ({ status, body, kind, code, message }) => {
    const error = errorFromResponse({ status, body, provider: 'p' });
    expect(error.kind).toBe(kind);
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
  });
});
