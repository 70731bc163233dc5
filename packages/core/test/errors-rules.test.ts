import { describe, expect, it } from 'vitest';
import {
  classifyError,
  DEFAULT_ERROR_RULES,
  type ErrorRule,
  errorFromResponse,
  extractErrorBody,
  matchErrorRule,
} from '../src/provider/index.js';

const from = (status: number, body: unknown, rules?: readonly ErrorRule[]) =>
  errorFromResponse({ status, body, provider: 'acme', operation: 'POST /v1/pods', ...(rules ? { rules } : {}) });

describe('what the body extraction hands to the rules', () => {
  it('RFC 9457: title, detail, and type as the code', () => {
    expect(
      extractErrorBody({ type: 'https://acme.test/problems/no-stock', title: 'Bad Request', detail: 'none left' }),
    ).toMatchObject({ code: 'https://acme.test/problems/no-stock', title: 'Bad Request', detail: 'none left' });
  });

  it("Lambda's {error: {code, message, suggestion}}", () => {
    const body = {
      error: {
        code: 'instance-operations/launch/insufficient-capacity',
        message: 'Not enough capacity to fulfill launch request.',
        suggestion: 'Choose an instance type with more availability, or try again later.',
      },
    };
    const extracted = extractErrorBody(body);
    expect(extracted.code).toBe('instance-operations/launch/insufficient-capacity');
    expect(extracted.message).toBe('Not enough capacity to fulfill launch request.');
    expect(extracted.suggestion).toBe('Choose an instance type with more availability, or try again later.');
    // The advice is not a fact about the failure: rules never see it.
    expect(extracted.texts).toEqual(['Not enough capacity to fulfill launch request.']);
  });

  it("Vast's {success, error, msg}: `error` is the code, `msg` the message", () => {
    const extracted = extractErrorBody({
      success: false,
      error: 'invalid_args',
      msg: "error 400/3467: Invalid args: 'id' is required",
      ask_id: 1234567,
    });
    expect(extracted.code).toBe('invalid_args');
    expect(extracted.message).toBe("error 400/3467: Invalid args: 'id' is required");
  });

  it('a sentence in `error` stays the message (RunPod v1), a bare code alone is both', () => {
    const v1 = extractErrorBody({ error: 'create pod: There are no instances currently available', status: 500 });
    expect(v1.message).toBe('create pod: There are no instances currently available');
    expect(v1.code).toBeUndefined();
    expect(extractErrorBody({ error: 'auth_error' })).toMatchObject({ code: 'auth_error', message: 'auth_error' });
  });

  it("GraphQL's errors[].extensions.code", () => {
    const extracted = extractErrorBody({
      errors: [
        {
          message: 'There are no longer any instances available with the requested specifications.',
          extensions: { code: 'SUPPLY_CONSTRAINT' },
        },
      ],
    });
    expect(extracted.code).toBe('SUPPLY_CONSTRAINT');
  });
});

describe("core's default rules", () => {
  it('capacity phrases and codes in a 400, 409 or 5xx', () => {
    expect(
      from(400, {
        title: 'Bad Request',
        status: 400,
        detail: 'There are no longer any instances available with the requested specifications.',
      }).kind,
    ).toBe('capacity');
    expect(
      from(400, { error: { code: 'instance-operations/launch/insufficient-capacity', message: 'Launch failed.' } })
        .kind,
    ).toBe('capacity');
    expect(from(503, { error: { code: 'OUT_OF_STOCK' } }).kind).toBe('capacity');
  });

  it('negative cases stay what their status says', () => {
    expect(from(400, { message: 'invalid capacity value: -1' }).kind).toBe('validation');
    expect(from(400, { detail: 'template not available to this account' }).kind).toBe('validation');
    expect(from(500, { message: 'template not available to this account' }).kind).toBe('provider');
    expect(from(400, { message: 'capacity' }).kind).toBe('validation');
    expect(from(500, 'capacity').kind).toBe('provider');
    expect(from(404, { message: 'no capacity reservation named r1' }).kind).toBe('not_found');
  });

  it('a URL or a path never influences the kind', () => {
    expect(from(500, { message: 'see https://acme.test/no-gpus-available/insufficient capacity' }).kind).toBe(
      'provider',
    );
    expect(from(400, { detail: 'unknown field at /spec/unavailable in/gpu' }).kind).toBe('validation');
    // The operation (with the path) is not a field of the body: it is never matched.
    expect(
      errorFromResponse({ status: 500, body: {}, provider: 'acme', operation: 'GET /v1/availability/no available' })
        .kind,
    ).toBe('provider');
  });

  it('the kind never comes from the finished message: the hint added for a status does not match', () => {
    // "No capacity for this request" is core's own hint for capacity; a 503 message never re-reads it.
    expect(from(503, { message: 'upstream reset' }).kind).toBe('provider');
  });

  it('keeps the code on the error', () => {
    expect(from(400, { success: false, error: 'invalid_args', msg: 'bad' }).code).toBe('invalid_args');
  });
});

describe('provider rules', () => {
  const rules: ErrorRule[] = [
    { status: '5xx', text: /balance is too low/i, kind: 'payment_required' },
    { code: 'SUPPLY_CONSTRAINT', kind: 'capacity' },
    { status: [404, 410], code: ['no_such_ask'], kind: 'capacity', retryable: true },
    { status: 404, text: /^invalid user key$/i, kind: 'unauthorized' },
    { status: 400, code: /^global\/quota-exceeded$/, kind: 'forbidden', retryable: false },
  ];

  it('come before the defaults and set kind and retryable', () => {
    const balance = from(500, {
      error: 'create pod: Your account balance is too low to rent a pod. Please add funds to your account.',
      status: 500,
    });
    expect(balance.kind).toBe('provider');
    const withRules = from(
      500,
      { error: 'create pod: Your account balance is too low to rent a pod. Please add funds to your account.' },
      rules,
    );
    expect(withRules.kind).toBe('payment_required');
    expect(withRules.retryable).toBe(false);
    expect(withRules.message).toContain('add credit');
  });

  it('match codes exactly, from a list, or by a RegExp, and statuses by number, list or class', () => {
    expect(from(200, { errors: [{ message: 'x', extensions: { code: 'SUPPLY_CONSTRAINT' } }] }, rules).kind).toBe(
      'capacity',
    );
    const gone = from(
      410,
      {
        success: false,
        error: 'no_such_ask',
        msg: 'error 410/3907: no_such_ask Instance type 1234567 is no longer available.',
      },
      rules,
    );
    expect(gone.kind).toBe('capacity');
    expect(gone.retryable).toBe(true);
    expect(from(404, { success: false, error: 'auth_error', msg: 'Invalid user key' }, rules).kind).toBe(
      'unauthorized',
    );
    expect(from(400, { error: { code: 'global/quota-exceeded', message: 'Quota exceeded.' } }, rules).kind).toBe(
      'forbidden',
    );
    // Every condition of a rule must hold: the same code under another status falls through.
    expect(from(500, { error: { code: 'global/quota-exceeded', message: 'Quota exceeded.' } }, rules).kind).toBe(
      'provider',
    );
  });

  it('matchErrorRule returns the first matching rule, and classifyError falls back to the status', () => {
    const facts = { status: 404, code: 'no_such_ask', texts: [] };
    expect(matchErrorRule(rules, facts)).toBe(rules[2]);
    expect(matchErrorRule(DEFAULT_ERROR_RULES, facts)).toBeUndefined();
    expect(classifyError(facts, rules)).toEqual({ kind: 'capacity', retryable: true });
    expect(classifyError({ status: 429, texts: [] })).toEqual({ kind: 'rate_limited', retryable: true });
    expect(classifyError({ status: 502, texts: [] })).toEqual({ kind: 'provider', retryable: true });
    expect(classifyError({ status: 400, texts: ['Not enough GPUs in this region'] })).toEqual({
      kind: 'capacity',
      retryable: true,
    });
  });
});
