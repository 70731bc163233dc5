/**
 * The fake's catalog: GPU types with RunPod's native ids (the ids `POST /v2/pods` takes in
 * `gpu.id`), prices per cloud, CPU flavors (`cpu.id`) with prices per vCPU, and data centers. Prices are plausible list prices, not live ones.
 */

export type AvailabilityLevel = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';

export interface FakeGpuType {
  readonly id: string;
  readonly name: string;
  readonly pool: string;
  readonly manufacturer: 'NVIDIA' | 'AMD';
  readonly memory: number;
  readonly secure: number;
  /** 0 when the type is not offered on community cloud. */
  readonly community: number;
  readonly serverless: number;
  readonly maxCount: { readonly secure: number; readonly community: number };
}

const gpu = (
  id: string,
  name: string,
  pool: string,
  memory: number,
  secure: number,
  community: number,
  serverless: number,
  maxSecure = 8,
): FakeGpuType => ({
  id,
  name,
  pool,
  manufacturer: id.startsWith('AMD') ? 'AMD' : 'NVIDIA',
  memory,
  secure,
  community,
  serverless,
  maxCount: { secure: maxSecure, community: community > 0 ? Math.min(maxSecure, 4) : 0 },
});

export const FAKE_GPU_TYPES: readonly FakeGpuType[] = [
  gpu('NVIDIA B200', 'B200', 'BLACKWELL_180', 180, 5.99, 0, 8.64),
  gpu('NVIDIA H200', 'H200 SXM', 'HOPPER_141', 141, 3.59, 0, 5.58),
  gpu('NVIDIA H100 80GB HBM3', 'H100 SXM', 'ADA_80_PRO', 80, 2.69, 2.39, 4.18),
  gpu('NVIDIA H100 NVL', 'H100 NVL', 'ADA_80_PRO', 94, 2.59, 2.39, 4.18),
  gpu('NVIDIA H100 PCIe', 'H100 PCIe', 'ADA_80_PRO', 80, 2.39, 1.99, 4.18),
  gpu('NVIDIA A100-SXM4-80GB', 'A100 SXM', 'AMPERE_80', 80, 1.49, 1.39, 2.72),
  gpu('NVIDIA A100 80GB PCIe', 'A100 PCIe', 'AMPERE_80', 80, 1.39, 1.19, 2.72),
  gpu('NVIDIA L40S', 'L40S', 'ADA_48_PRO', 48, 0.86, 0.79, 1.9),
  gpu('NVIDIA L40', 'L40', 'ADA_48_PRO', 48, 0.99, 0.69, 1.9),
  gpu('NVIDIA RTX 6000 Ada Generation', 'RTX 6000 Ada', 'ADA_48_PRO', 48, 0.77, 0.74, 1.9),
  gpu('NVIDIA RTX A6000', 'RTX A6000', 'AMPERE_48', 48, 0.49, 0.33, 1.22),
  gpu('NVIDIA A40', 'A40', 'AMPERE_48', 48, 0.4, 0.35, 1.22),
  gpu('NVIDIA L4', 'L4', 'ADA_24', 24, 0.43, 0.34, 0.68),
  gpu('NVIDIA RTX A5000', 'RTX A5000', 'AMPERE_24', 24, 0.27, 0.16, 0.68),
  gpu('NVIDIA RTX A4000', 'RTX A4000', 'AMPERE_16', 16, 0.25, 0.17, 0.58),
  gpu('NVIDIA GeForce RTX 5090', 'RTX 5090', 'BLACKWELL_32', 32, 0.94, 0.69, 1.58),
  gpu('NVIDIA GeForce RTX 4090', 'RTX 4090', 'ADA_24', 24, 0.44, 0.31, 1.1),
  gpu('NVIDIA GeForce RTX 3090', 'RTX 3090', 'AMPERE_24', 24, 0.46, 0.22, 0.68),
  gpu('AMD Instinct MI300X OAM', 'MI300X', 'AMD_192', 192, 2.49, 0, 3.99),
];

/** A CPU flavor (`CpuType`): sized by a power-of-two vCPU count in `vcpu`, memory and price per vCPU. */
export interface FakeCpuType {
  readonly id: string;
  readonly name: string;
  readonly group: string;
  readonly vcpu: { readonly min: number; readonly max: number };
  readonly ramGbPerVcpu: number;
  readonly securePerVcpu: number;
  readonly serverlessPerVcpu: number;
}

const cpu = (
  id: string,
  name: string,
  group: string,
  max: number,
  ramGbPerVcpu: number,
  securePerVcpu: number,
): FakeCpuType => ({
  id,
  name,
  group,
  vcpu: { min: 2, max },
  ramGbPerVcpu,
  securePerVcpu,
  serverlessPerVcpu: Math.round(securePerVcpu * 0.8 * 1000) / 1000,
});

/** The flavors NOTES.md lists (`cpu3c` ... `cpu5m`): compute-, general- and memory-optimized, two generations. */
export const FAKE_CPU_TYPES: readonly FakeCpuType[] = [
  cpu('cpu3c', 'Compute-Optimized', 'Gen 3', 32, 2, 0.02),
  cpu('cpu3g', 'General Purpose', 'Gen 3', 32, 4, 0.025),
  cpu('cpu3m', 'Memory-Optimized', 'Gen 3', 16, 8, 0.035),
  cpu('cpu5c', 'Compute-Optimized', 'Gen 5', 64, 2, 0.03),
  cpu('cpu5g', 'General Purpose', 'Gen 5', 64, 4, 0.035),
  cpu('cpu5m', 'Memory-Optimized', 'Gen 5', 32, 8, 0.045),
];

type DataCenterRegion = 'NORTH_AMERICA' | 'EUROPE' | 'ASIA';

export interface FakeDataCenter {
  readonly id: string;
  readonly name: string;
  readonly region: DataCenterRegion;
  readonly globalNetwork: boolean;
  readonly compliance: readonly string[];
}

export const FAKE_DATA_CENTERS: readonly FakeDataCenter[] = [
  {
    id: 'US-KS-2',
    name: 'US Kansas 2',
    region: 'NORTH_AMERICA',
    globalNetwork: true,
    compliance: ['SOC_2_TYPE_2', 'ISO_IEC_27001'],
  },
  { id: 'US-TX-3', name: 'US Texas 3', region: 'NORTH_AMERICA', globalNetwork: true, compliance: ['SOC_2_TYPE_2'] },
  {
    id: 'US-CA-2',
    name: 'US California 2',
    region: 'NORTH_AMERICA',
    globalNetwork: false,
    compliance: ['SOC_2_TYPE_2'],
  },
  {
    id: 'CA-MTL-1',
    name: 'Canada Montreal 1',
    region: 'NORTH_AMERICA',
    globalNetwork: true,
    compliance: ['ISO_IEC_27001', 'RENEWABLE'],
  },
  {
    id: 'EU-RO-1',
    name: 'Europe Romania 1',
    region: 'EUROPE',
    globalNetwork: true,
    compliance: ['GDPR', 'ISO_IEC_27001'],
  },
  { id: 'EU-SE-1', name: 'Europe Sweden 1', region: 'EUROPE', globalNetwork: false, compliance: ['GDPR', 'RENEWABLE'] },
  {
    id: 'EU-NL-1',
    name: 'Europe Netherlands 1',
    region: 'EUROPE',
    globalNetwork: true,
    compliance: ['GDPR', 'SOC_2_TYPE_2'],
  },
  { id: 'AP-JP-1', name: 'Asia Japan 1', region: 'ASIA', globalNetwork: false, compliance: ['ISO_IEC_27001'] },
];

const LEVELS: readonly AvailabilityLevel[] = ['LOW', 'MEDIUM', 'HIGH'];

/**
 * Default stock, by GPU type id and CPU flavor id: every one is in stock in US-KS-2 (so a spawn
 * without region hints always places) and in a deterministic spread of the other data centers.
 */
export function defaultStock(): Map<string, Map<string, AvailabilityLevel>> {
  const stock = new Map<string, Map<string, AvailabilityLevel>>();
  [...FAKE_GPU_TYPES, ...FAKE_CPU_TYPES].forEach((type, i) => {
    const perDc = new Map<string, AvailabilityLevel>();
    FAKE_DATA_CENTERS.forEach((dc, j) => {
      if (j === 0) perDc.set(dc.id, 'HIGH');
      else if ((i + j) % 3 !== 0) perDc.set(dc.id, LEVELS[(i * 7 + j) % 3]!);
    });
    stock.set(type.id, perDc);
  });
  return stock;
}

const RANK: Readonly<Record<AvailabilityLevel, number>> = { NONE: 0, LOW: 1, MEDIUM: 2, HIGH: 3 };

export function bestLevel(levels: Iterable<AvailabilityLevel>): AvailabilityLevel {
  let best: AvailabilityLevel = 'NONE';
  for (const level of levels) if (RANK[level] > RANK[best]) best = level;
  return best;
}
