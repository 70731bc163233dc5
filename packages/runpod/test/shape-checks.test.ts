import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isNativeJob, NativeJobSchema } from '../src/api/jobs.js';
import { isPod, isPodList, ListPodsSchema, PodSchema } from '../src/api/pods.js';
import { pod } from './helpers.js';

/** Values of every JSON type (and a few that JSON cannot make), to put in every field in turn. */
const ODD_VALUES: unknown[] = [
  undefined,
  null,
  '',
  'x',
  0,
  -1,
  Number.NaN,
  true,
  [],
  ['a'],
  [1],
  {},
  { id: 'g' },
  [{ private: 1 }],
  JSON.parse('{"__proto__": {"x": 1}}'),
  JSON.parse('{"constructor": "c"}'),
];

/** Every field set to every odd value, nested fields too, plus the object itself replaced. */
function variants(base: Record<string, unknown>, nested: Record<string, Record<string, unknown>>): unknown[] {
  const out: unknown[] = [base, ...ODD_VALUES];
  for (const key of Object.keys(base)) for (const value of ODD_VALUES) out.push({ ...base, [key]: value });
  for (const [key, inner] of Object.entries(nested)) {
    for (const innerKey of Object.keys(inner))
      for (const value of ODD_VALUES) out.push({ ...base, [key]: { ...inner, [innerKey]: value } });
  }
  out.push({ ...base, ...JSON.parse('{"__proto__": {"status": "RUNNING"}}') });
  out.push(JSON.parse(JSON.stringify({ ...base, prototype: 1 })));
  return out;
}

/** The check may refuse more than the schema, never less, and what it accepts the schema returns unchanged. */
function expectNeverLooser(check: (value: unknown) => boolean, schema: v.GenericSchema, values: unknown[]): number {
  let accepted = 0;
  for (const value of values) {
    if (!check(value)) continue;
    accepted++;
    const result = v.safeParse(schema, value);
    expect(result.success, JSON.stringify(value)).toBe(true);
    expect(result.output, JSON.stringify(value)).toStrictEqual(value);
  }
  return accepted;
}

describe('accepts checks against their schemas', () => {
  const port = { private: 22, public: 34446, type: 'tcp', ip: '195.26.233.3' };
  const pods = variants(pod(), {
    gpu: { id: 'NVIDIA GeForce RTX 4090', count: 1 },
    runtime: { uptime: 1, ports: [port] },
  });
  pods.push(...ODD_VALUES.map((value) => pod({ runtime: { ports: [{ ...port, public: value }] } })));
  pods.push(...ODD_VALUES.map((value) => pod({ runtime: { ports: [{ ...port, ip: value }] } })));
  pods.push(...ODD_VALUES.map((value) => pod({ runtime: { ports: [{ ...port, private: value }] } })));
  pods.push(...ODD_VALUES.map((value) => pod({ ports: ['8000/http', value] })));
  // A CPU pod: `cpu` instead of `gpu`, every field of it odd in turn.
  const cpu = { id: 'cpu3g', vcpuCount: 4, memory: 16 };
  const { gpu: _gpu, ...cpuPod } = pod({ cpu });
  pods.push(...variants(cpuPod, { cpu }));

  it('isPod never accepts a pod PodSchema refuses or would change, and accepts the usual ones', () => {
    const accepted = expectNeverLooser(isPod, PodSchema, pods);
    expect(isPod(pod())).toBe(true);
    expect(isPod(pod({ gpu: null, runtime: null, ports: null, env: null, image: null, cost: null }))).toBe(true);
    expect(isPod(cpuPod)).toBe(true);
    expect(isPod({ ...cpuPod, cpu: { ...cpu, memory: null } })).toBe(true);
    expect(accepted).toBeGreaterThan(20);
  });

  it('isPodList checks every pod of the list', () => {
    const lists = [
      { pods: [] },
      { pods: [pod()] },
      ...pods.map((p) => ({ pods: [pod(), p] })),
      { pods: null },
      [],
      { pods: {} },
    ];
    const accepted = expectNeverLooser(isPodList, ListPodsSchema, lists);
    expect(isPodList({ pods: [pod(), pod({ id: 'b' })], next: 'x' })).toBe(true);
    expect(accepted).toBeGreaterThan(20);
  });

  it('isNativeJob never accepts a job NativeJobSchema refuses or would change', () => {
    const job = {
      id: 'job-1',
      status: 'COMPLETED',
      output: { text: 'hi' },
      error: null,
      executionTime: 12,
      delayTime: 3,
      workerId: 'w',
    };
    const accepted = expectNeverLooser(isNativeJob, NativeJobSchema, variants(job, {}));
    expect(isNativeJob(job)).toBe(true);
    expect(accepted).toBeGreaterThan(20);
  });
});
