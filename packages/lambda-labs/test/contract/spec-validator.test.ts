import { describe, expect, it } from 'vitest';
import { instance } from '../helpers.js';
import { validateComponent, validateRequest, validateResponse } from './spec-validator.js';

/** The validator itself can fail: otherwise the contract tests would prove nothing. */
describe('spec validator', () => {
  const launch = {
    region_name: 'us-south-2',
    instance_type_name: 'gpu_1x_h100_sxm5',
    ssh_key_names: ['atlas'],
    tags: [{ key: 'atlas-attempt', value: 'abc' }],
  };

  it('accepts a valid launch body', () => {
    expect(validateRequest('POST', '/api/v1/instance-operations/launch', new URLSearchParams(), launch)).toEqual([]);
  });

  it('refuses a tag key Lambda refuses, an unknown region and a missing ssh key list', () => {
    const { ssh_key_names: _keys, ...noKeys } = launch;
    const bad = { ...noKeys, region_name: 'mars-1', tags: [{ key: 'Atlas_Attempt', value: 'abc' }] };
    const violations = validateRequest('POST', '/api/v1/instance-operations/launch', new URLSearchParams(), bad);
    expect(violations.join('\n')).toMatch(/ssh_key_names/);
    expect(violations.join('\n')).toMatch(/region_name/);
    expect(violations.join('\n')).toMatch(/tags\/0\/key/);
  });

  it('refuses an undeclared query parameter and an unknown path', () => {
    expect(
      validateRequest('GET', '/api/v1/instances', new URLSearchParams({ status: 'active' }), undefined),
    ).toHaveLength(1);
    expect(validateRequest('GET', '/api/v1/pods', new URLSearchParams(), undefined)).toHaveLength(1);
  });

  it('checks answers: an instance without actions, an undeclared status', () => {
    const { actions: _actions, ...noActions } = instance();
    expect(validateComponent('Instance', instance())).toEqual([]);
    expect(validateComponent('Instance', noActions)).not.toEqual([]);
    expect(validateResponse('GET', '/api/v1/instances/abc', 200, { data: noActions })).not.toEqual([]);
    expect(validateResponse('GET', '/api/v1/instances', 404, {})).toEqual([
      'GET /api/v1/instances 404: status not declared',
    ]);
  });
});
