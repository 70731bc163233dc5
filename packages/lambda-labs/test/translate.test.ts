import { describe, expect, it } from 'vitest';
import { LAMBDA_GPU_MAP } from '../src/gpu-map.js';
import { envOf, imageOf } from '../src/testing/cloud-init.js';
import { cpuTypeNames, gpuTypeNames, launchCandidates } from '../src/translate/launch-plan.js';
import { decodePorts, encodePorts, spawnTags } from '../src/translate/tags.js';
import { toUserData } from '../src/translate/user-data.js';
import { instanceType } from './helpers.js';

describe('cloud-init user_data', () => {
  it('carries any env value intact (quotes, newlines, $, backticks) and never as plain text', () => {
    const env = { A: "it's", B: 'two\nlines', C: '$(rm -rf /) `x` $HOME', D: '' };
    const script = toUserData({ image: "evil'image", env, ports: [] });
    expect(envOf(script)).toEqual(env);
    expect(imageOf(script)).toBe("evil'image");
    expect(script).not.toContain('two\nlines');
    expect(script).not.toContain('$(rm -rf /)');
    expect(script).not.toContain('$HOME');
  });

  it('starts with a shebang cloud-init runs, passes env by name, publishes ports on the host network', () => {
    const script = toUserData({ image: 'img:1', env: { X: '1', Y: '2' }, ports: [{ port: 8000, protocol: 'http' }] });
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(script).toMatch(/docker run -d .*--network host \$GPUS -e X -e Y 'img:1'$/m);
  });
});

describe('tags', () => {
  it('ports round-trip through one tag value', () => {
    const ports = [
      { port: 8000, protocol: 'http' as const },
      { port: 22, protocol: 'tcp' as const },
    ];
    expect(decodePorts(encodePorts(ports))).toEqual(ports);
  });

  it("an orchestrator stamp's owner becomes a tag; other names get none", () => {
    const owner = (name: string) =>
      spawnTags({ marker: 'm', name, ports: [], image: undefined }).find((t) => t.key === 'atlas-owner')?.value;
    expect(owner('atlas-app-2-x1')).toBe('app-2');
    expect(owner('my-box')).toBeUndefined();
  });

  it('an image longer than a tag value is left out rather than cut', () => {
    const tags = spawnTags({ marker: 'm', name: 'n', ports: [], image: `ghcr.io/${'x'.repeat(200)}` });
    expect(tags.map((t) => t.key)).toEqual(['atlas-attempt']);
  });
});

describe('launch candidates', () => {
  const entry = (name: string, gpus: number, regions: string[], storage?: number) => ({
    instance_type: {
      ...instanceType(name, gpus, 100),
      ...(storage === undefined ? {} : { specs: { vcpus: 1, memory_gib: 1, storage_gib: storage, gpus } }),
    },
    regions_with_capacity_available: regions.map((name) => ({ name, description: name })),
  });
  const types = {
    gpu_1x_h100_pcie: entry('gpu_1x_h100_pcie', 1, ['us-west-3'], 4000),
    gpu_1x_h100_sxm5: entry('gpu_1x_h100_sxm5', 1, ['us-south-2', 'us-south-3'], 2816),
    gpu_2x_h100_sxm5: entry('gpu_2x_h100_sxm5', 2, ['us-south-3']),
  };
  const plan = (input: Partial<Parameters<typeof launchCandidates>[1]> & { gpuCount?: number }) => {
    const { gpuCount = 1, ...rest } = input;
    return launchCandidates(types, { typeNames: gpuTypeNames(LAMBDA_GPU_MAP.h100, gpuCount), ...rest }).map(
      (c) => `${c.instanceType}@${c.region}`,
    );
  };

  it('SXM first, then PCIe, each in its regions with capacity', () => {
    expect(plan({})).toEqual([
      'gpu_1x_h100_sxm5@us-south-2',
      'gpu_1x_h100_sxm5@us-south-3',
      'gpu_1x_h100_pcie@us-west-3',
    ]);
  });

  it('the count picks the type', () => {
    expect(plan({ gpuCount: 2 })).toEqual(['gpu_2x_h100_sxm5@us-south-3']);
  });

  it("hints are tried in the caller's order, and only hints", () => {
    expect(plan({ regionHints: ['us-west-3', 'us-south-3'] })).toEqual([
      'gpu_1x_h100_sxm5@us-south-3',
      'gpu_1x_h100_pcie@us-west-3',
    ]);
  });

  it("a filesystem pins its region; a disk bigger than the type's drops it", () => {
    expect(plan({ requiredRegion: 'us-south-3' })).toEqual(['gpu_1x_h100_sxm5@us-south-3']);
    expect(plan({ minStorageGib: 3000 })).toEqual(['gpu_1x_h100_pcie@us-west-3']);
  });
});

describe('CPU flavors', () => {
  const cpu = (name: string, vcpus: number, memory: number, cents: number) => ({
    instance_type: {
      name,
      description: name,
      price_cents_per_hour: cents,
      specs: { vcpus, memory_gib: memory, storage_gib: 100, gpus: 0 },
    },
    regions_with_capacity_available: [],
  });
  const catalog = {
    cpu_8x_general: cpu('cpu_8x_general', 8, 32, 40),
    cpu_4x_general: cpu('cpu_4x_general', 4, 16, 20),
    gpu_1x_a10: { instance_type: instanceType('gpu_1x_a10', 1, 75), regions_with_capacity_available: [] },
  };

  it('every CPU-only type with enough vCPUs and memory, cheapest first; a named flavor exactly', () => {
    expect(cpuTypeNames(catalog, { vcpus: 2 })).toEqual(['cpu_4x_general', 'cpu_8x_general']);
    expect(cpuTypeNames(catalog, { vcpus: 4, memoryGb: 20 })).toEqual(['cpu_8x_general']);
    expect(cpuTypeNames(catalog, { vcpus: 1, flavor: 'cpu_8x_general' })).toEqual(['cpu_8x_general']);
    expect(cpuTypeNames(catalog, { vcpus: 64 })).toEqual([]);
  });
});
