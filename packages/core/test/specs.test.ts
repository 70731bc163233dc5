import { describe, expect, it } from 'vitest';
import { COMPUTE_STATUSES, type Compute, isTerminalJobStatus, JOB_STATUSES } from '../src/index.js';
import { matchesComputeFilter, parseComputeRequest, parseJobRef, parseJobRequest } from '../src/provider/index.js';

const compute = (overrides: Partial<Compute>): Compute => ({
  id: 'c',
  provider: 'p',
  status: 'running',
  gpuCount: 1,
  ports: [],
  raw: {},
  ...overrides,
});

describe('parse functions', () => {
  it('fill defaults on a minimal compute request', () => {
    expect(parseComputeRequest({ gpu: 'a10', image: 'img' })).toEqual({
      gpu: 'a10',
      image: 'img',
      gpuCount: 1,
      ports: [],
      env: {},
      auth: 'none',
    });
  });

  it('keep every field of a full compute request', () => {
    const full = {
      gpu: 'h100',
      gpuCount: 8,
      image: 'img',
      cloudType: 'secure',
      spot: true,
      regionHints: ['US-TX-3'],
      ports: [
        { port: 8000, protocol: 'http' },
        { port: 22, protocol: 'tcp' },
      ],
      env: { HF_TOKEN: 'x', _UNDER: 'y' },
      volumeGb: 0,
      containerDiskGb: 20,
      networkVolumeId: 'vol-1',
      name: 'atlas-demo',
      templateId: 'tpl',
      auth: 'bearer',
      idleTtlMs: 60_000,
      providerOptions: { minVcpuCount: 4 },
    } as const;
    expect(parseComputeRequest(full)).toEqual(full);
  });

  it('name the provider on validation errors when given one', () => {
    expect(() => parseComputeRequest({}, 'runpod')).toThrow(
      expect.objectContaining({ provider: 'runpod', kind: 'validation' }),
    );
  });

  it('report every bad field at once', () => {
    try {
      parseComputeRequest({ gpu: 'h100', image: 'x', gpuCount: 0, auth: 'x', ports: [{ port: 0 }] });
      expect.unreachable();
    } catch (error) {
      const paths = (error as { issues: { path: string }[] }).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['gpuCount', 'auth', 'ports.0.port']));
    }
  });

  it('fill the job mode and reduce a job ref to endpoint and id', () => {
    expect(parseJobRequest({ endpoint: ' ep ', input: null })).toEqual({ endpoint: 'ep', input: null, mode: 'async' });
    expect(parseJobRef({ endpoint: 'ep', id: 'j', status: 'completed', raw: {} })).toEqual({ endpoint: 'ep', id: 'j' });
  });
});

describe('statuses', () => {
  it('list the compute and job statuses of the contract', () => {
    expect(COMPUTE_STATUSES).toEqual(['provisioning', 'running', 'stopped', 'terminated', 'failed']);
    expect(JOB_STATUSES).toEqual(['in_queue', 'in_progress', 'completed', 'failed', 'cancelled', 'timed_out']);
    expect(JOB_STATUSES.filter(isTerminalJobStatus)).toEqual(['completed', 'failed', 'cancelled', 'timed_out']);
  });
});

describe('matchesComputeFilter', () => {
  const pods = [
    compute({ id: '1', name: 'atlas-u1-a', status: 'running', gpuType: 'h100', region: 'us' }),
    compute({ id: '2', name: 'atlas-u2-b', status: 'stopped', gpuType: 'l4', region: 'eu' }),
    compute({ id: '3', status: 'failed' }),
  ];
  const ids = (filter: Parameters<typeof matchesComputeFilter>[1]) =>
    pods.filter((p) => matchesComputeFilter(p, filter)).map((p) => p.id);

  it('filters by name, prefix, status (one or many), gpu and region', () => {
    expect(ids({})).toEqual(['1', '2', '3']);
    expect(ids({ name: 'atlas-u1-a' })).toEqual(['1']);
    expect(ids({ namePrefix: 'atlas-u' })).toEqual(['1', '2']);
    expect(ids({ status: 'stopped' })).toEqual(['2']);
    expect(ids({ status: ['running', 'failed'] })).toEqual(['1', '3']);
    expect(ids({ gpu: 'l4' })).toEqual(['2']);
    expect(ids({ region: 'us', status: 'running' })).toEqual(['1']);
  });

  it('matches a generic GPU filter to specific models through a gpuMap', () => {
    const map = { h100: ['SXM', 'PCIe'], h100_sxm: 'SXM', h100_pcie: 'pcie', l4: 'L4' } as const;
    const sxm = compute({ gpuType: 'h100_sxm' });
    const generic = compute({ gpuType: 'h100' });
    expect(matchesComputeFilter(sxm, { gpu: 'h100' })).toBe(false);
    expect(matchesComputeFilter(sxm, { gpu: 'h100' }, map)).toBe(true);
    expect(matchesComputeFilter(compute({ gpuType: 'h100_pcie' }), { gpu: 'h100' }, map)).toBe(true);
    // a generic H100 may be either form factor, so it does not match a specific filter
    expect(matchesComputeFilter(generic, { gpu: 'h100_sxm' }, map)).toBe(false);
    expect(matchesComputeFilter(compute({ gpuType: 'l4' }), { gpu: 'h100' }, map)).toBe(false);
    expect(matchesComputeFilter(compute({}), { gpu: 'h100' }, map)).toBe(false);
  });
});

describe('CPU machines in the contract', () => {
  it('take a request for GPUs or for a CPU machine, never neither and never both', () => {
    expect(parseComputeRequest({ cpu: { vcpus: 4, memoryGb: 16 }, image: 'x' }).cpu).toEqual({
      vcpus: 4,
      memoryGb: 16,
    });
    expect(parseComputeRequest({ gpu: 'h100', image: 'x' }).gpu).toBe('h100');
    for (const bad of [{ image: 'x' }, { gpu: 'h100', cpu: { vcpus: 2 }, image: 'x' }]) {
      const error = (() => {
        try {
          parseComputeRequest(bad);
        } catch (thrown) {
          return thrown as { kind: string; issues: { path: string; message: string }[] };
        }
      })();
      expect(error?.kind).toBe('validation');
      expect(error?.issues[0]?.path).toBe('gpu');
      expect(error?.issues[0]?.message).toMatch(/either GPUs \(gpu\) or a CPU machine \(cpu\)/);
    }
  });

  it('bound the CPU request', () => {
    expect(() => parseComputeRequest({ cpu: { vcpus: 0 }, image: 'x' })).toThrow(/cpu.vcpus/);
    expect(() => parseComputeRequest({ cpu: { vcpus: 1024 }, image: 'x' })).toThrow(/cpu.vcpus: must be at most 512/);
    expect(() => parseComputeRequest({ cpu: { vcpus: 2, flavor: '../x' }, image: 'x' })).toThrow(/cpu.flavor/);
    expect(() => parseComputeRequest({ cpu: { vcpus: 2, disk: 1 }, image: 'x' })).toThrow(
      /cpu.disk: is not a known field/,
    );
  });
});

describe('request bounds', () => {
  it.each([
    ['image', { image: 'x'.repeat(8 * 1024 * 1024) }],
    ['volumeGb', { volumeGb: 1e300 }],
    ['containerDiskGb', { containerDiskGb: 1e21 }],
    ['idleTtlMs', { idleTtlMs: 2 ** 40 }],
    ['ports', { ports: Array.from({ length: 65 }, (_, i) => ({ port: i + 1 })) }],
    ['regionHints', { regionHints: Array.from({ length: 65 }, (_, i) => `r${i}`) }],
    ['templateId', { templateId: 'a/../b' }],
    ['networkVolumeId', { networkVolumeId: 'x'.repeat(100_000) }],
  ])('refuse a %s beyond its bound, naming the field', (field, extra) => {
    expect(() => parseComputeRequest({ gpu: 'h100', image: 'x', ...extra })).toThrow(new RegExp(`${field}`));
  });
});
