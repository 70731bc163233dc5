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
  'broken-gpu-count-ignored.conformance.ts': ['lifecycle > spawn returns the requested gpuCount'],
  'broken-get-ignores-id.conformance.ts': ['lifecycle > getCompute returns the compute with the same id'],
  'broken-list-ignores-status.conformance.ts': [
    'lifecycle > listCompute({ status }) returns only computes in that status',
  ],
  'broken-list-name-as-prefix.conformance.ts': [
    'lifecycle > listCompute({ name }) returns only computes with that name',
  ],
  'broken-list-ignores-name-prefix.conformance.ts': [
    'lifecycle > listCompute({ namePrefix }) returns only computes whose name starts with it',
  ],
  'broken-stop-then-restarts.conformance.ts': [
    'contract > declares stop_start, so stop leaves the compute stopped',
    'lifecycle > stop, then getCompute shows stopped',
  ],
  'broken-start-noop.conformance.ts': [
    'contract > declares stop_start, so start brings a stopped compute back',
    'lifecycle > start, then getCompute shows running or provisioning',
  ],
  'broken-validation-skipped.conformance.ts': ['errors > gpuCount 0 rejects validation without calling the provider'],
  'broken-error-names-other-provider.conformance.ts': ['errors > terminate of an unknown id rejects not_found'],
  'broken-short-token.conformance.ts': ['auth > the token is base64url carrying at least 32 random bytes'],
  'broken-token-not-injected.conformance.ts': [
    "auth > the token reaches the compute's environment as ATLAS_PRESHARED_KEY",
  ],
  'broken-token-in-raw.conformance.ts': [
    'auth > the token does not appear in raw',
    'raw > raw of spawn holds no env value and no token',
  ],
  'broken-logs-declared-not-implemented.conformance.ts': ['contract > has logs exactly when it declares logs'],
  'broken-logs-leak-env.conformance.ts': [
    'contract > declares logs, so logs never show env values or the bearer token',
  ],
  'broken-logs-unknown-id-empty.conformance.ts': [
    'contract > declares logs, so logs of an unknown id rejects not_found',
  ],
  'broken-logs-never-end.conformance.ts': [
    'contract > declares logs, so logs of a compute yields string lines, then ends without follow',
  ],
  'broken-get-job-unknown-resolves.conformance.ts': ['serverless > getJob of an unknown id rejects not_found'],
  'broken-sync-not-finished.conformance.ts': ['serverless > runJob (sync) returns the finished job'],
  'broken-stream-out-of-order.conformance.ts': ['serverless > streamJob yields the chunks in order, then ends'],
  'broken-stream-twice.conformance.ts': ['serverless > streamJob yields the chunks in order, then ends'],
  'broken-cancel-noop.conformance.ts': ['serverless > cancelJob leads to cancelled'],
  'broken-catalog-negative-price.conformance.ts': ['catalog > every price is a number >= 0 where present'],
  'broken-catalog-canonical-mismatch.conformance.ts': [
    "catalog > every canonical id maps back to the entry through the provider's gpuMap",
  ],
  'broken-401-as-provider.conformance.ts': ['faults > a 401 gives unauthorized'],
  'broken-rate-limited-drops-retry-after.conformance.ts': [
    'faults > a 429 with Retry-After gives rate_limited with retryAfterMs, or a successful retry',
  ],
  'broken-spawn-retried-blindly.conformance.ts': [
    'faults > a 500 on spawn after the server created the compute is not blindly re-sent',
  ],
  'broken-stub-logs.conformance.ts': ['logs, when present, yields nothing and rejects unsupported'],
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

  it('knows what every fixture must fail', () => {
    const fixtures = [...results.keys()].filter((file) => file !== 'control-mock.conformance.ts').sort();
    expect(fixtures).toEqual(Object.keys(EXPECTED_FAILURES).sort());
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
