import { beforeAll, describe, expect, it } from 'vitest';
import { type FixtureTest, runFixtures } from './support/run-fixtures.js';

/**
 * The suite is itself tested: each fixture runs it on the mock with one seeded bug, and the tests
 * named here must be among those that fail. The control fixture (no bug) must pass entirely.
 */
const EXPECTED_FAILURES: Record<string, readonly string[]> = {
  'broken-get-other-id.conformance.ts': ['lifecycle > getCompute returns the compute with the same id'],
  'broken-terminate-noop.conformance.ts': [
    'lifecycle > terminate, then getCompute shows terminated or rejects not_found',
    'errors > terminate of an unknown id rejects not_found',
  ],
  'broken-list-ignores-filters.conformance.ts': [
    'lifecycle > listCompute({ name }) returns only computes with that name',
    'lifecycle > listCompute({ status }) returns only computes in that status',
  ],
  'broken-plain-error.conformance.ts': ['errors > getCompute of an unknown id rejects not_found'],
  'broken-reused-token.conformance.ts': ['auth > two spawns never share a token'],
  'broken-catalog-declared-not-implemented.conformance.ts': [
    'contract > has listGpuTypes exactly when it declares gpu_catalog',
    'catalog > listGpuTypes returns at least one entry',
  ],
  'broken-spot-declared-not-implemented.conformance.ts': ['contract > declares spot, so a spot request spawns'],
  'broken-env-in-raw.conformance.ts': ['raw > raw of getCompute holds no env value and no token'],
  'broken-stop-noop.conformance.ts': [
    'contract > declares stop_start, so stop leaves the compute stopped',
    'lifecycle > stop, then getCompute shows stopped',
  ],
  'broken-stub.conformance.ts': [
    'listCompute rejects unsupported naming the provider',
    'getCompute rejects unsupported naming the provider',
  ],
};

/** "group > title", without the suite name. */
const label = (test: FixtureTest) => [...test.ancestorTitles.slice(1), test.title].join(' > ');

describe('the conformance suite catches seeded bugs', () => {
  let results: Map<string, FixtureTest[]>;

  beforeAll(async () => {
    results = await runFixtures();
  }, 120_000);

  it('runs the unmodified mock (control) without a failure', () => {
    const tests = results.get('control-mock.conformance.ts') ?? [];
    expect(tests.length, 'tests in the control run').toBeGreaterThan(50);
    expect(tests.filter((t) => t.status !== 'passed').map(label)).toEqual([]);
  });

  for (const [fixture, expected] of Object.entries(EXPECTED_FAILURES)) {
    it(`catches ${fixture.replace('.conformance.ts', '')}`, () => {
      const tests = results.get(fixture);
      expect(tests, `results for ${fixture}`).toBeDefined();
      const failed = (tests ?? []).filter((t) => t.status === 'failed').map(label);
      expect(failed).toEqual(expect.arrayContaining([...expected]));
    });
  }
});
