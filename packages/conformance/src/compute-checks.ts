import { type Compute, ComputeSchema, type ComputeStatus, type Provider } from '@atlas/core';
import { matchesComputeFilter } from '@atlas/core/provider';
import { expect } from 'vitest';
import { schemaProblems } from './schema-check.js';

/** What the suite asked for, to check a Compute against on any read path. */
export interface Expected {
  readonly id?: string;
  readonly name?: string;
  readonly gpu: string;
  readonly gpuCount: number;
  readonly image?: string;
  readonly ports: readonly { readonly port: number; readonly protocol: 'http' | 'tcp' }[];
  readonly statuses?: readonly ComputeStatus[];
  /** When the spawn was sent (ms since the epoch): createdAt must be near it. */
  readonly spawnedAt?: number;
}

/** createdAt may differ from the suite's clock by this much (clock skew, a fake's own clock). */
const CREATED_AT_SLACK_MS = 24 * 3_600_000;

/**
 * Every normalized field of a Compute against what was asked, one line per mismatch
 * (`field: expected …, saw …`). Read paths (spawn, get, each list item) all go through it.
 */
export function computeMismatches(compute: Compute, expected: Expected, provider: Provider): string[] {
  const problems = schemaProblems(ComputeSchema, compute, 'compute').map((p) => `schema: ${p}`);
  const show = (value: unknown) => JSON.stringify(value) ?? 'undefined';
  const check = (field: string, ok: boolean, want: string, saw: unknown) => {
    if (!ok) problems.push(`${field}: expected ${want}, saw ${show(saw)}`);
  };
  check('provider', compute.provider === provider.id, show(provider.id), compute.provider);
  if (expected.id !== undefined) check('id', compute.id === expected.id, show(expected.id), compute.id);
  if (expected.name !== undefined) check('name', compute.name === expected.name, show(expected.name), compute.name);
  check('gpuCount', compute.gpuCount === expected.gpuCount, String(expected.gpuCount), compute.gpuCount);
  if (compute.gpuType !== undefined) {
    check(
      'gpuType',
      matchesComputeFilter(compute, { gpu: expected.gpu }, provider.gpuMap),
      `${show(expected.gpu)} or a model it stands for`,
      compute.gpuType,
    );
  }
  if (compute.image !== undefined && expected.image !== undefined)
    check('image', compute.image === expected.image, show(expected.image), compute.image);
  if (expected.statuses !== undefined)
    check('status', expected.statuses.includes(compute.status), expected.statuses.join(' or '), compute.status);
  const ports = Array.isArray(compute.ports) ? compute.ports : [];
  for (const wanted of expected.ports) {
    const port = ports.find((p) => p.internal === wanted.port && p.protocol === wanted.protocol);
    check(`ports[${wanted.port}/${wanted.protocol}]`, port !== undefined, 'the requested port', ports);
    if (port?.url !== undefined) check(`ports[${wanted.port}].url`, isUrl(port.url), 'an absolute URL', port.url);
  }
  const extra = ports.filter((p) => !expected.ports.some((w) => w.port === p.internal && w.protocol === p.protocol));
  check('ports', extra.length === 0, 'only the requested ports', extra);
  if (compute.createdAt !== undefined && expected.spawnedAt !== undefined) {
    const at = Date.parse(compute.createdAt);
    check(
      'createdAt',
      Math.abs(at - expected.spawnedAt) <= CREATED_AT_SLACK_MS,
      `an ISO time near ${new Date(expected.spawnedAt).toISOString()}`,
      compute.createdAt,
    );
  }
  return problems;
}

function isUrl(text: string): boolean {
  try {
    return /^(https?|wss?|tcp):$/.test(new URL(text).protocol);
  } catch {
    return false;
  }
}

/** Fails with every mismatch at once, naming the read path and the contract rule. */
export function expectCompute(
  compute: Compute | undefined,
  expected: Expected,
  provider: Provider,
  path: string,
): void {
  if (compute === undefined) {
    expect.fail(`${path}: no compute with id ${expected.id ?? '(any)'}`);
    return;
  }
  expect(
    computeMismatches(compute, expected, provider),
    `${path} (rule: every read path reports every normalized field as requested)`,
  ).toEqual([]);
}
